package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import com.example.logto.devprovider.RecordedRequest;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/logto/user?getAccessToken=true&resource=...}: API access tokens, cached and refreshed once. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResourceTokensIT {

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void eachResourceGetsItsOwnJwtFromTheRefreshGrant() throws Exception {
        user.signIn("nina", "admin");
        provider.clearRequests();

        SignedJWT orders = SignedJWT.parse(token(SampleApp.ORDERS_API));
        SignedJWT billing = SignedJWT.parse(token(SampleApp.BILLING_API));

        List<RecordedRequest> grants = resourceGrants();
        assertAll(
                () -> assertEquals("at+jwt", orders.getHeader().getType().getType()),
                () -> assertEquals(List.of(SampleApp.ORDERS_API), orders.getJWTClaimsSet().getAudience()),
                () -> assertEquals("read:orders write:orders", orders.getJWTClaimsSet().getStringClaim("scope")),
                () -> assertEquals(provider.subjectFor("nina"), orders.getJWTClaimsSet().getSubject()),
                () -> assertEquals(List.of(SampleApp.BILLING_API), billing.getJWTClaimsSet().getAudience()),
                () -> assertEquals(2, grants.size(), grants.toString()),
                () -> assertEquals(SampleApp.ORDERS_API, grants.get(0).params().get("resource").get(0)),
                () -> assertEquals("refresh_token", grants.get(0).params().get("grant_type").get(0)),
                () -> assertTrue(grants.get(0).header("Authorization").startsWith("Basic ")),
                () -> assertFalse(grants.get(0).params().containsKey("client_secret")));
    }

    @Test
    void aCachedTokenIsServedWithoutAskingLogtoAgain() {
        user.signIn("omar", "reader");
        String first = token(SampleApp.ORDERS_API);
        provider.clearRequests();

        String second = token(SampleApp.ORDERS_API);

        assertEquals(first, second);
        assertEquals(List.of(), resourceGrants());
    }

    @Test
    void twentyParallelRequestsCauseOneRefreshGrant() {
        user.signIn("pia", "reader");
        provider.clearRequests();

        ExecutorService threads = Executors.newFixedThreadPool(20);
        CyclicBarrier start = new CyclicBarrier(20);
        Set<String> tokens;
        try {
            tokens = IntStream.range(0, 20).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                await(start);
                return token(SampleApp.ORDERS_API);
            }, threads)).toList().stream().map(CompletableFuture::join).collect(Collectors.toSet());
        } finally {
            threads.shutdownNow();
        }

        assertEquals(1, tokens.size());
        assertEquals(1, resourceGrants().size(), resourceGrants().toString());
    }

    @Test
    void anUnknownResourceIsABadRequestAndNeverReachesLogto() {
        user.signIn("quin", "reader");
        provider.clearRequests();

        HttpResponse<String> response = user.get(userUrl("https://evil.example.com"));

        JsonObject json = Json.createReader(new StringReader(response.body())).readObject();
        assertAll(
                () -> assertEquals(400, response.statusCode()),
                () -> assertEquals("invalid_resource", json.getString("error")),
                () -> assertFalse(json.containsKey("accessToken")),
                () -> assertEquals(List.of(), resourceGrants()));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(String resource) {
        HttpResponse<String> response = user.get(userUrl(resource));
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject().getString("accessToken");
    }

    private static String userUrl(String resource) {
        return SampleApp.url("/api/logto/user?getAccessToken=true&resource="
                + URLEncoder.encode(resource, StandardCharsets.UTF_8));
    }

    private List<RecordedRequest> resourceGrants() {
        return provider.requests("/oidc/token").stream().filter(r -> r.params().containsKey("resource")).toList();
    }
}
