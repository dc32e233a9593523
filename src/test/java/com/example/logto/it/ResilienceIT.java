package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.Fault;
import com.example.logto.devprovider.LogtoDevProvider;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logto down, slow or refusing, before and after users signed in, and many users at once. Every outgoing call is
 * bounded: Soteria's discovery/token/userinfo clients by {@code BoundedJerseyClients} (5 s per connect and read),
 * the JWKS fetch by the annotation (5 s), this app's own calls by {@code ProviderClient} (5 s).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {

    private static final String UNAVAILABLE = "The sign-in service is not available";
    /** Refresh is due once less than Soteria's tokenMinValidity (10 s) is left of the 15 s access token. */
    private static final Duration UNTIL_REFRESH = SampleApp.ACCESS_TOKEN_TTL.minus(Duration.ofSeconds(9));

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @AfterEach
    void behave() {
        provider.reset();
    }

    /** First: nothing is cached yet, so this is the discovery call Soteria makes on first use. */
    @Test
    @Order(1)
    void logtoDownAtFirstUseShowsServiceUnavailableThenRecovers() {
        provider.misbehave(Fault.DOWN);
        ProblemPage.assertShown(user, user.get(SampleApp.url("/api/logto/sign-in")), 503, UNAVAILABLE);

        provider.reset();
        assertEquals(200, user.signInOnceKeysCanBeFetched("early-bird", "").statusCode());
    }

    /** The bound is {@code ProviderClient}'s 5 s on the app's own code exchange, the same on every server. */
    @Test
    void slowLogtoAtSignInGivesServiceUnavailableInBoundedTime() {
        String callback = callbackFromLogto("patient");
        provider.misbehave(Fault.SLOW);

        long started = System.nanoTime();
        HttpResponse<String> response = user.get(callback);
        long millis = (System.nanoTime() - started) / 1_000_000;

        ProblemPage.assertShown(user, response, 503, UNAVAILABLE);
        // 5 s for the token request, sent once
        assertTrue(millis < 10_000, "answered after " + millis + " ms; the provider would have answered after 15000");
    }

    @Test
    void logtoDownAtCallbackGivesServiceUnavailable() {
        String callback = callbackFromLogto("unlucky");
        provider.misbehave(Fault.DOWN);

        ProblemPage.assertShown(user, user.get(callback), 503, UNAVAILABLE);
    }

    @Test
    void jwksUnreachableGivesServiceUnavailable() {
        provider.rotateSigningKey(); // an unknown kid makes the app fetch the JWKS again
        provider.misbehave(Fault.JWKS_DOWN);

        ProblemPage.assertShown(user, user.signIn("keyless", ""), 503, UNAVAILABLE);
    }

    @Test
    void signedInUsersKeepWorkingWhileLogtoIsDown() throws InterruptedException {
        user.signInOnceKeysCanBeFetched("steady", "");
        provider.misbehave(Fault.DOWN);

        assertAll(
                () -> assertTrue(user.get(SampleApp.url("/")).body().contains("You are signed in with Logto."), "home"),
                () -> assertTrue(user.get(SampleApp.url("/profile")).body().contains("id=\"userinfo-error\""), "profile"),
                () -> assertTrue(isSignedIn(user), "user JSON"));
        Thread.sleep(UNTIL_REFRESH.toMillis());
        assertTrue(isSignedIn(user), "a refresh that cannot reach Logto keeps the session");
    }

    /**
     * Logto black-holed (the token endpoint takes the request and never answers) when a session's tokens come due:
     * one request of the session waits for the 5 s timeout, the others go on with the tokens held, and Logto is
     * asked again only after the session's retry time; the same once the access token has expired. Without the
     * bounded wait the parallel requests queue on the session's lock; without the retry time each later request
     * asks Logto again and waits 5 s.
     */
    @Test
    void whileLogtoHangsOneRequestPerSessionWaitsAndTheRestGoOn() throws Exception {
        long signedInAt = System.nanoTime();
        user.signInOnceKeysCanBeFetched("black-holed", "");
        Thread.sleep(UNTIL_REFRESH.toMillis());
        provider.clearRequests();
        provider.misbehave(Fault.TOKEN_ENDPOINT_HANGS);

        Burst due = burst();
        boolean signedInRightAfter = isSignedIn(user) && isSignedIn(user) && isSignedIn(user);
        long refreshesRightAfter = refreshGrants();
        long sinceSignIn = Duration.ofNanos(System.nanoTime() - signedInAt).toMillis();
        Thread.sleep(Math.max(0, SampleApp.ACCESS_TOKEN_TTL.toMillis() + 1000 - sinceSignIn));
        Burst expired = burst();

        assertAll(
                () -> due.assertBounded("tokens due"),
                () -> expired.assertBounded("access token expired"),
                () -> assertTrue(due.refreshes <= 2, due.refreshes + " refresh grants for " + PARALLEL
                        + " parallel requests; one at a time, then none until the retry time"),
                () -> assertTrue(signedInRightAfter, "requests right after the burst"),
                () -> assertEquals(due.refreshes, refreshesRightAfter, "requests before the retry time ask Logto"),
                () -> assertTrue(expired.refreshes <= due.refreshes + 1, expired.refreshes + " refresh grants"));
    }

    /** Parallel requests of one session, which must not each wait for Logto's 5 s timeout. */
    private static final int PARALLEL = 6;
    /** One timeout and a busy machine's share; well below the PARALLEL x 5 s of requests queued on one lock. */
    private static final long SLOWEST_BOUND_MILLIS = 12_500;
    /** Well below the 5 s timeout: only the request that asks Logto may take longer. */
    private static final long GOING_ON_BOUND_MILLIS = 3_000;
    private static final long ANONYMOUS_BOUND_MILLIS = 5_000;

    /** What one burst of parallel requests saw: the signed-in session's and anonymous visitors'. */
    private static final class Burst {
        final List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Long> signedInMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Long> anonymousMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        long refreshes;

        void assertBounded(String when) {
            List<Long> times = List.copyOf(signedInMillis);
            assertAll(
                    () -> assertEquals(java.util.Collections.nCopies(PARALLEL, "signed in"), answers, when),
                    () -> assertTrue(times.stream().allMatch(t -> t < SLOWEST_BOUND_MILLIS), when + ": " + times
                            + " ms for " + PARALLEL + " parallel requests of one session"),
                    () -> assertTrue(times.stream().filter(t -> t >= GOING_ON_BOUND_MILLIS).count() <= 1, when
                            + ": more than one request waited for Logto: " + times + " ms"),
                    () -> assertTrue(anonymousMillis.stream().allMatch(t -> t < ANONYMOUS_BOUND_MILLIS), when
                            + ": anonymous pages took " + anonymousMillis + " ms"));
        }
    }

    /** PARALLEL requests of the signed-in user and as many anonymous ones, all at once. */
    private Burst burst() throws InterruptedException {
        Burst burst = new Burst();
        ExecutorService pool = Executors.newFixedThreadPool(2 * PARALLEL);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int i = 0; i < PARALLEL; i++) {
                pool.submit(() -> timed(start, burst.signedInMillis, () -> burst.answers.add(
                        isSignedIn(user) ? "signed in" : "signed out")));
                pool.submit(() -> timed(start, burst.anonymousMillis, () -> new HttpUser().get(SampleApp.url("/"))));
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES), "burst finished");
        }
        burst.refreshes = refreshGrants();
        return burst;
    }

    private long refreshGrants() {
        return provider.requests("/oidc/token").stream()
                .filter(r -> r.params().getOrDefault("grant_type", List.of()).contains("refresh_token")).count();
    }

    /** Runs {@code request} when {@code start} opens and adds its time; a failure (the client's 20 s timeout) adds MAX. */
    private static void timed(java.util.concurrent.CountDownLatch start, List<Long> millis, Runnable request) {
        try {
            start.await();
            long started = System.nanoTime();
            try {
                request.run();
                millis.add((System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                millis.add(Long.MAX_VALUE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Logto grants a refresh and rotates the refresh token, but its keys cannot be fetched to check the new ID
     * token: the session keeps the new refresh token (Logto revokes the whole grant when the replaced one comes back
     * more than 3 s later) and checks the ID token once the keys can be read.
     */
    @Test
    void aRefreshGrantedWhileLogtosKeysAreUnreachableIsKeptAndCheckedLater() throws Exception {
        user.signInOnceKeysCanBeFetched("keyless-refresh", "");
        long signedInIat = issuedAt(user);
        provider.rotateSigningKey(); // the refreshed ID token names a key the app has not fetched yet
        provider.rotateRefreshTokens();
        provider.misbehave(Fault.JWKS_DOWN);
        Thread.sleep(UNTIL_REFRESH.toMillis());
        provider.clearRequests();

        boolean signedInDuringOutage = isSignedIn(user);
        provider.reset(); // keys back; the replaced refresh token stays replaced
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (isSignedIn(user) && issuedAt(user) == signedInIat && System.nanoTime() < deadline) {
            Thread.sleep(500); // the check is retried after the session's retry time (and Nimbus' 30 s JWKS limit)
        }

        List<String> sent = provider.requests("/oidc/token").stream()
                .map(r -> r.params().get("refresh_token").get(0)).toList();
        assertAll(
                () -> assertTrue(signedInDuringOutage, "signed in while the keys were unreachable"),
                () -> assertTrue(isSignedIn(user), "the grant survived: the rotated refresh token was used"),
                () -> assertTrue(issuedAt(user) > signedInIat, "the new ID token was checked and taken"),
                () -> assertTrue(sent.size() >= 2 && !sent.get(1).equals(sent.get(0)),
                        "the refresh after the rotation sent the new refresh token"));
    }

    /** The {@code iat} of the session's ID token, as {@code /api/logto/user} shows its claims; 0 if signed out. */
    private static long issuedAt(HttpUser user) {
        jakarta.json.JsonObject json = jakarta.json.Json.createReader(new java.io.StringReader(
                user.get(SampleApp.url("/api/logto/user")).body())).readObject();
        return json.containsKey("claims") ? json.getJsonObject("claims").getJsonNumber("iat").longValue() : 0;
    }

    @Test
    void refusedRefreshSignsTheUserOutQuietly() throws InterruptedException {
        user.signInOnceKeysCanBeFetched("revoked", "");
        provider.misbehave(Fault.REFRESH_REJECTED);
        Thread.sleep(UNTIL_REFRESH.toMillis());

        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user"));

        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertEquals("{\"isAuthenticated\":false}", response.body()),
                () -> assertTrue(user.get(SampleApp.url("/")).body().contains("You are not signed in."), "home"));
    }

    @Test
    void twoHundredUsersSignInAtOnceAndEachSeesOnlyThemselves() throws Exception {
        int users = 200;
        AtomicInteger requests = new AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(25);
        long started = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String name = "load-" + i;
                work.add(pool.submit(() -> {
                    HttpUser agent = new HttpUser();
                    try {
                        agent.signIn(name, "");
                        String expected = "\"sub\":\"" + provider.subjectFor(name) + "\"";
                        for (int poll = 0; poll < 3; poll++) {
                            HttpResponse<String> json = agent.get(SampleApp.url("/api/logto/user"));
                            if (json.statusCode() != 200 || !json.body().contains(expected)) {
                                errors.add(name + ": " + json.statusCode() + " " + json.body());
                            }
                        }
                    } catch (RuntimeException e) {
                        errors.add(name + ": " + e);
                    } finally {
                        requests.addAndGet(agent.requestCount());
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("Load: %d users, %d requests, %d errors, %d ms (%.0f requests/s)%n", users, requests.get(),
                errors.size(), millis, requests.get() * 1000.0 / millis);
        assertEquals(List.of(), errors.subList(0, Math.min(5, errors.size())));
    }

    /** Signs in at Logto and returns the callback URL Logto redirects to, not yet followed. */
    private String callbackFromLogto(String username) {
        return HttpUser.location(user.submitLogin(user.follow(user.get(SampleApp.url("/api/logto/sign-in"))),
                username, ""));
    }

    private static boolean isSignedIn(HttpUser user) {
        return user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":true");
    }
}
