package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/orders}: a resource server that takes Logto access tokens, and refuses everything else (RFC 6750). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrdersApiIT {

    private final LogtoDevProvider provider = SampleApp.provider();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void aSignedInUsersTokenReadsTheirOrders() {
        HttpResponse<String> response = call("GET", tokenOf("rosa", "reader"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(provider.subjectFor("rosa"),
                Json.createReader(new StringReader(response.body())).readObject().getString("owner"));
    }

    @Test
    void noTokenIsAChallengeNotARedirectToLogto() {
        HttpResponse<String> response = call("GET", null);

        assertAll(
                () -> assertEquals(401, response.statusCode()),
                () -> assertEquals("Bearer realm=\"api\"", response.headers().firstValue("WWW-Authenticate").orElse("")),
                () -> assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")));
    }

    @Test
    void aTokenSignedByAnotherKeyIsInvalid() throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_384).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).type(new JOSEObjectType("at+jwt"))
                .keyID(currentKeyId()).build(), JWTClaimsSet.parse(validClaims()));
        jwt.sign(new ECDSASigner(foreign));

        assertInvalidToken(call("GET", jwt.serialize()));
    }

    @Test
    void aTokenForAnotherApiIsInvalid() {
        Map<String, Object> claims = validClaims();
        claims.put("aud", SampleApp.BILLING_API);

        assertInvalidToken(call("GET", provider.sign("at+jwt", claims)));
    }

    @Test
    void anExpiredTokenIsInvalid() {
        Map<String, Object> claims = validClaims();
        claims.put("iat", Instant.now().minusSeconds(3700).getEpochSecond());
        claims.put("exp", Instant.now().minusSeconds(100).getEpochSecond());

        HttpResponse<String> response = call("GET", provider.sign("at+jwt", claims));

        assertInvalidToken(response);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("expired"));
    }

    @Test
    void aJwtThatIsNotAnAccessTokenIsInvalid() {
        assertInvalidToken(call("GET", provider.sign(null, validClaims())));
        assertInvalidToken(call("GET", provider.sign("logout+jwt", validClaims())));
    }

    @Test
    void aTokenFromAnotherIssuerIsInvalid() {
        Map<String, Object> claims = validClaims();
        claims.put("iss", "https://evil.example.com/oidc");

        assertInvalidToken(call("GET", provider.sign("at+jwt", claims)));
    }

    @Test
    void aTokenWithoutTheEndpointsScopeIsForbidden() {
        HttpResponse<String> response = call("POST", tokenOf("sam", "reader"));

        assertAll(
                () -> assertEquals(403, response.statusCode()),
                () -> assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
                        .matches("Bearer realm=\"api\", error=\"insufficient_scope\", .*scope=\"write:orders\"")));
    }

    @Test
    void aTokenWithTheEndpointsScopeIsAllowed() {
        assertEquals(201, call("POST", tokenOf("tina", "admin")).statusCode());
    }

    /**
     * Logto's token for this API in an organization's context (refresh grant with {@code resource} and
     * {@code organization_id}): same audience, but its scopes come from the user's roles in that organization.
     */
    @Test
    void anOrganizationContextTokenForThisApiIsInvalid() {
        Map<String, Object> claims = validClaims();
        claims.put("organization_id", "org-acme");
        claims.put("scope", "read:orders write:orders");
        String token = provider.sign("at+jwt", claims);

        HttpResponse<String> create = call("POST", token);

        assertInvalidToken(create);
        assertInvalidToken(call("GET", token));
        assertTrue(create.headers().firstValue("WWW-Authenticate").orElse("").contains("for an organization"),
                create.headers().toString());
    }

    /** A client-credentials token ({@code sub} = {@code client_id}): it may read, but an order needs a user. */
    @Test
    void anApplicationTokenReadsButCannotCreateAnOrder() {
        Map<String, Object> claims = validClaims();
        claims.put("sub", "m2m-app");
        claims.put("client_id", "m2m-app");
        claims.put("scope", "read:orders write:orders");
        String token = provider.sign("at+jwt", claims);

        HttpResponse<String> create = call("POST", token);
        HttpResponse<String> read = call("GET", token);

        assertAll(
                () -> assertEquals(403, create.statusCode(), create.body()),
                () -> assertTrue(create.headers().firstValue("WWW-Authenticate").orElse("")
                        .matches("Bearer realm=\"api\", error=\"insufficient_scope\", .*acts for a user.*"),
                        create.headers().toString()),
                () -> assertEquals(200, read.statusCode(), read.body()),
                () -> assertEquals("m2m-app", Json.createReader(new StringReader(read.body())).readObject()
                        .getString("application", null), read.body()));
    }

    @Test
    void tokensSignedAfterAKeyRotationAreAccepted() {
        assertEquals(200, call("GET", provider.sign("at+jwt", validClaims())).statusCode());

        provider.rotateSigningKey();

        assertEquals(200, call("GET", provider.sign("at+jwt", validClaims())).statusCode());
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertAll(
                () -> assertEquals(401, response.statusCode(), response.body()),
                () -> assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
                        .startsWith("Bearer realm=\"api\", error=\"invalid_token\", error_description=\""),
                        response.headers().toString()));
    }

    /** What Logto puts into an access token for the orders API, valid for an hour. */
    private Map<String, Object> validClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", "j-" + System.nanoTime());
        claims.put("sub", provider.subjectFor("uma"));
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
        claims.put("scope", "read:orders");
        claims.put("client_id", SampleApp.APP_ID);
        claims.put("iss", provider.issuer());
        claims.put("aud", SampleApp.ORDERS_API);
        return claims;
    }

    private String currentKeyId() throws Exception {
        return SignedJWT.parse(provider.sign("at+jwt", validClaims())).getHeader().getKeyID();
    }

    private static String tokenOf(String username, String roles) {
        HttpUser user = new HttpUser();
        user.signIn(username, roles);
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?getAccessToken=true&resource="
                + URLEncoder.encode(SampleApp.ORDERS_API, StandardCharsets.UTF_8)));
        return Json.createReader(new StringReader(response.body())).readObject().getString("accessToken");
    }

    private static HttpResponse<String> call(String method, String token) {
        return SampleApp.callApi(method, "/api/orders", token);
    }
}
