package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro members clustered on loopback ({@code server-config/payara/cluster-member}) behind nginx
 * round robin without stickiness ({@code server-config/nginx/cluster.conf}), as the README's "Run a cluster"
 * starts them: {@code mvn verify -Pcluster}. Every request goes through the balancer (it.base.url), so
 * consecutive requests of one user land on alternate members; {@link RoundRobinProxy#upstream} tells which.
 * The member that handled a sign-in is killed last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");
    /** A refresh is due once less than 10 s are left of the 15 s access token (as in UserJsonIT). */
    private static final Duration UNTIL_REFRESH = SampleApp.ACCESS_TOKEN_TTL.minus(Duration.ofSeconds(9));

    private static final List<ClusterMember> members = new ArrayList<>();
    private static RoundRobinProxy balancer;

    private final LogtoDevProvider provider = SampleApp.provider();

    @BeforeAll
    static void startCluster() throws Exception {
        LogtoDevProvider provider = SampleApp.provider();
        List<Integer> httpPorts = List.of(Integer.getInteger("it.cluster.first.port"),
                Integer.getInteger("it.cluster.second.port"));
        List<Integer> hazelcastPorts = List.of(Integer.getInteger("it.cluster.first.hazelcast.port"),
                Integer.getInteger("it.cluster.second.hazelcast.port"));
        Map<String, String> env = Map.of("LOGTO_ENDPOINT", provider.endpoint(), "LOGTO_APP_ID", SampleApp.APP_ID,
                "LOGTO_APP_SECRET", System.getProperty("it.app.secret"), "LOGTO_BASE_URL", SampleApp.BASE_URL);
        for (int number = 1; number <= 2; number++) {
            members.add(ClusterMember.start(number, httpPorts, hazelcastPorts, "logto-it-" + provider.port(), env,
                    "-Xmx512m -XX:+UseSerialGC"));
        }
        for (ClusterMember member : members) {
            member.awaitCluster(2, Duration.ofMinutes(4));
        }
        balancer = RoundRobinProxy.start(Integer.getInteger("it.proxy.port"), httpPorts);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        for (ClusterMember member : members) {
            member.close();
        }
    }

    @Test
    @Order(1)
    void hazelcastListensOnLoopbackOnlyAndUsesNoUdp() throws Exception {
        for (ClusterMember member : members) {
            List<String> listening = member.sockets("-tln");
            assertAll(member.address(),
                    () -> assertEquals(2, listening.size(), "the HTTP and the Hazelcast port: " + listening),
                    () -> assertTrue(listening.stream().allMatch(ClusterIT::isLoopback), listening.toString()),
                    () -> assertEquals(List.of(), member.sockets("-uan"), "UDP sockets (multicast discovery)"));
        }
    }

    @Test
    @Order(2)
    void requestsAlternateBetweenMembersAndEverySeesTheSameUser() {
        HttpUser user = new HttpUser();
        signIn(user, "ada");

        Set<String> answeredBy = new HashSet<>();
        String previous = "";
        for (String path : List.of("/api/logto/user", "/api/logto/user", "/profile", "/profile", "/api/logto/user")) {
            HttpResponse<String> response = user.get(SampleApp.url(path));
            String member = RoundRobinProxy.upstream(response);
            assertAll(path + " on " + member,
                    () -> assertEquals(200, response.statusCode(), response.body()),
                    () -> assertTrue(response.body().contains(provider.subjectFor("ada")), response.body()));
            assertNotEquals(previous, member, "round robin: each request goes to the other member");
            answeredBy.add(member);
            previous = member;
        }
        assertEquals(addresses(), answeredBy);
    }

    @Test
    @Order(3)
    void aTokenRefreshOnOneMemberIsSeenByTheOther() throws InterruptedException {
        HttpUser user = new HttpUser();
        signIn(user, "grace");
        String before = accessToken(user.get(SampleApp.url("/api/logto/user?getAccessToken=true")));
        int refreshes = refreshGrants();

        Thread.sleep(UNTIL_REFRESH.toMillis());
        HttpResponse<String> refreshing = user.get(SampleApp.url("/api/logto/user?getAccessToken=true"));
        HttpResponse<String> other = user.get(SampleApp.url("/api/logto/user?getAccessToken=true"));

        String refreshed = accessToken(refreshing);
        assertAll(
                () -> assertNotEquals(RoundRobinProxy.upstream(refreshing), RoundRobinProxy.upstream(other)),
                () -> assertNotEquals(before, refreshed, "refreshed on " + RoundRobinProxy.upstream(refreshing)),
                () -> assertEquals(refreshed, accessToken(other), "the other member uses the refreshed token"),
                () -> assertEquals(refreshes + 1, refreshGrants(), "one refresh for both members"));
    }

    @Test
    @Order(4)
    void signingOutOnOneMemberEndsTheSessionOnEvery() {
        HttpUser user = new HttpUser();
        signIn(user, "alan");
        String oldCookies = cookieHeader(user, "JSESSIONID", "JSESSIONIDVERSION");
        Matcher csrf = CSRF.matcher(user.get(SampleApp.url("/")).body());
        assertTrue(csrf.find(), "sign-out form on the home page");

        HttpResponse<String> signOut = user.post(SampleApp.url("/api/logto/sign-out"), Map.of("csrf", csrf.group(1)));
        for (ClusterMember member : members) { // before Logto hears of it: no back-channel logout has come yet
            assertSignedOutOn(member, new HttpUser(), "Cookie", oldCookies);
        }
        Matcher xsrf = XSRF.matcher(user.follow(signOut).body()); // Logto's logout page, as a browser shows it
        assertTrue(xsrf.find(), "Logto's logout form");
        HttpResponse<String> confirmed = user.post(provider.issuer() + "/session/end/confirm",
                Map.of("xsrf", xsrf.group(1), "logout", "yes")); // Logto sends its back-channel logout now

        assertAll(
                () -> assertEquals(303, signOut.statusCode(), "signed out on " + RoundRobinProxy.upstream(signOut)),
                () -> assertEquals(SampleApp.url("/"), HttpUser.location(confirmed)));
        for (ClusterMember member : members) {
            HttpUser replay = new HttpUser();
            assertSignedOutOn(member, replay, "Cookie", oldCookies);
            HttpResponse<String> profile = replay.get(member.url("/profile"), "Cookie", oldCookies);
            assertEquals(302, profile.statusCode(), member.address() + ": /profile asks to sign in: " + profile.body());
        }
    }

    @Test
    @Order(5)
    void aBackChannelLogoutThroughTheBalancerEndsTheSessionOnEveryMember() {
        HttpUser user = new HttpUser();
        signIn(user, "tim");
        for (int i = 0; i < 2; i++) { // both members now hold the session
            assertTrue(user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":true"));
        }

        int status = provider.sendBackChannelLogout(SampleApp.APP_ID, provider.backChannelLogoutToken(SampleApp.APP_ID, "tim"));

        assertEquals(200, status, "through the balancer to the first member");
        for (ClusterMember member : members) {
            assertSignedOutOn(member, user);
        }
    }

    @Test
    @Order(6)
    void aBrowserStaysSignedInAcrossMembersUntilItSignsOut() {
        try (Chrome chrome = new Chrome()) {
            String linus = provider.subjectFor("linus");
            chrome.open(SampleApp.url("/")).waitForText("greeting", "Welcome").click("sign-in");
            chrome.waitForUrl(provider.issuer()).signInAtProvider("linus", "admin");
            chrome.waitForUrl(SampleApp.BASE_URL).waitForText("greeting", "Hello, " + linus);

            for (int i = 0; i < 2; i++) {
                assertEquals(linus, chrome.open(SampleApp.url("/profile")).text("subject"));
                assertEquals("Admin", chrome.open(SampleApp.url("/admin")).text("admin-title"));
            }
            chrome.open(SampleApp.url("/")).click("sign-out");
            chrome.waitForUrl(SampleApp.url("/")).waitForText("greeting", "Welcome");
            for (int i = 0; i < 2; i++) {
                assertTrue(chrome.open(SampleApp.url("/api/logto/user")).pageText()
                        .contains("\"isAuthenticated\":false"), chrome.pageText());
            }
        }
    }

    /** Last: it leaves one member. */
    @Test
    @Order(7)
    void killingTheMemberThatSignedTheUserInKeepsTheUserSignedIn() throws InterruptedException {
        HttpUser user = new HttpUser();
        ClusterMember signedIn = signIn(user, "barbara");

        signedIn.kill();

        String survivor = addresses().stream().filter(a -> !a.equals(signedIn.address())).findFirst().orElseThrow();
        for (String path : List.of("/api/logto/user", "/profile", "/api/logto/user", "/profile")) {
            HttpResponse<String> response = user.get(SampleApp.url(path));
            assertAll(path,
                    () -> assertTrue(RoundRobinProxy.upstream(response).endsWith(survivor),
                            RoundRobinProxy.upstream(response)),
                    () -> assertEquals(200, response.statusCode(), response.body()),
                    () -> assertTrue(response.body().contains(provider.subjectFor("barbara")), response.body()));
        }
    }

    /** Signs in through the balancer; returns the member that handled the callback, which made the session. */
    private ClusterMember signIn(HttpUser user, String username) {
        HttpResponse<String> loginPage = user.follow(user.get(SampleApp.url("/api/logto/sign-in")));
        HttpResponse<String> callback = user.get(HttpUser.location(user.submitLogin(loginPage, username, "")));
        HttpResponse<String> landing = user.follow(callback);
        assertTrue(landing.body().contains("Hello, " + provider.subjectFor(username)), landing.body());
        String handler = RoundRobinProxy.upstream(callback);
        return members.stream().filter(m -> m.address().equals(handler)).findFirst()
                .orElseThrow(() -> new AssertionError("callback answered by " + handler));
    }

    /**
     * Asserts that {@code member} answers {@code user}'s requests as anonymous within 5 s: the logout reaches the
     * second member as nginx's copy, which may still be under way when the first member has answered.
     */
    /**
     * One member served the session last (its copy has the version of the browser's cookie); the other signs it
     * out. The old cookies must not work on the first one, before any back-channel logout from Logto.
     */
    @Test
    @Order(6) // before a member is killed (7)
    void aSessionSignedOutOnOneMemberIsRefusedByTheMemberHoldingACopy() {
        HttpUser user = new HttpUser();
        signIn(user, "ada");
        ClusterMember holder = members.get(0);
        ClusterMember other = members.get(1);
        String cookies = cookieHeader(user, "JSESSIONID", "JSESSIONIDVERSION");
        HttpResponse<String> home = new HttpUser().get(holder.url("/"), "Cookie", cookies); // the holder serves last
        cookies = updated(cookies, home);
        Matcher csrf = CSRF.matcher(home.body());
        assertTrue(csrf.find(), "sign-out form from " + holder.address());

        HttpResponse<String> signOut = new HttpUser().post(other.url("/api/logto/sign-out"),
                Map.of("csrf", csrf.group(1)), "Cookie", cookies);

        assertEquals(303, signOut.statusCode(), "signed out on " + other.address());
        assertSignedOutOn(holder, new HttpUser(), "Cookie", cookies);
    }

    /** {@code cookieHeader} with the values a response set (Payara moves JSESSIONIDVERSION on each stored change). */
    private static String updated(String cookieHeader, HttpResponse<String> response) {
        Map<String, String> cookies = new java.util.LinkedHashMap<>();
        for (String pair : cookieHeader.split("; ")) {
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        for (String header : response.headers().allValues("Set-Cookie")) {
            HttpCookie.parse(header).forEach(cookie -> cookies.computeIfPresent(cookie.getName(),
                    (name, old) -> cookie.getValue()));
        }
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static void assertSignedOutOn(ClusterMember member, HttpUser user, String... headers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String body;
        while (!(body = user.get(member.url("/api/logto/user"), headers).body()).equals("{\"isAuthenticated\":false}")
                && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
        }
        assertEquals("{\"isAuthenticated\":false}", body, member.address());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int refreshGrants() {
        return (int) provider.requests("/oidc/token").stream()
                .filter(request -> "refresh_token".equals(request.param("grant_type"))).count();
    }

    private static String accessToken(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        JsonObject json = Json.createReader(new StringReader(response.body())).readObject();
        return json.getString("accessToken");
    }

    private static String cookieHeader(HttpUser user, String... names) {
        List<String> pairs = new ArrayList<>();
        for (String name : names) {
            HttpCookie cookie = user.cookie(name).orElseThrow(() -> new AssertionError("no cookie " + name));
            pairs.add(cookie.getName() + "=" + cookie.getValue());
        }
        return String.join("; ", pairs);
    }

    private static Set<String> addresses() {
        Set<String> addresses = new HashSet<>();
        members.forEach(member -> addresses.add(member.address()));
        return addresses;
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.0.0.1:") || address.startsWith("[::ffff:127.0.0.1]:");
    }
}
