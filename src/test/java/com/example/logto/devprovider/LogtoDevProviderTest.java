package com.example.logto.devprovider;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives {@link LogtoDevProvider} over HTTP as an app and a browser would, without a browser. */
class LogtoDevProviderTest {

    private static final String APP = "app-id";
    private static final String SECRET = "app-secret";
    private static final String CALLBACK = "http://127.0.0.1:8080/api/logto/sign-in-callback";
    private static final String HOME = "http://127.0.0.1:8080/";
    private static final String SDK_SCOPES = "openid offline_access profile email roles";
    private static final Pattern INTERACTION = Pattern.compile("action=\"/oidc/interaction/([^\"]+)\"");

    private final MovableClock clock = new MovableClock();
    private LogtoDevProvider provider;
    private HttpClient browser;

    @BeforeEach
    void startProvider() {
        provider = builder().build().start();
        browser = newBrowser();
    }

    /** Two apps, short token lifetimes, the test's clock. */
    private LogtoDevProvider.Builder builder() {
        return LogtoDevProvider.builder().host("127.0.0.1").port(0)
                .client(APP, SECRET, List.of(CALLBACK), List.of(HOME))
                .client("other-app", "other-secret", List.of("http://127.0.0.1:9090/cb"), List.of())
                .accessTokenTtl(Duration.ofSeconds(20)).idTokenTtl(Duration.ofSeconds(30))
                .clock(clock);
    }

    /** Replaces the provider with one configured by {@link #builder()} and {@code extra}. */
    private void restartWith(java.util.function.UnaryOperator<LogtoDevProvider.Builder> extra) {
        provider.stop();
        provider = extra.apply(builder()).build().start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop();
    }

    @Test
    void discoveryIsLogtoShaped() throws Exception {
        HttpResponse<String> response = get(provider.issuer() + "/.well-known/openid-configuration");
        Map<String, Object> doc = json(response);
        String issuer = provider.issuer();

        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertEquals(provider.endpoint() + "/oidc", issuer),
                () -> assertEquals(issuer, doc.get("issuer")),
                () -> assertEquals(issuer + "/auth", doc.get("authorization_endpoint")),
                () -> assertEquals(issuer + "/token", doc.get("token_endpoint")),
                () -> assertEquals(issuer + "/me", doc.get("userinfo_endpoint")),
                () -> assertEquals(issuer + "/jwks", doc.get("jwks_uri")),
                () -> assertEquals(issuer + "/session/end", doc.get("end_session_endpoint")),
                () -> assertEquals(issuer + "/token/revocation", doc.get("revocation_endpoint")),
                () -> assertEquals(issuer + "/token/introspection", doc.get("introspection_endpoint")),
                () -> assertEquals(List.of("code id_token", "code", "id_token", "none"), doc.get("response_types_supported")),
                () -> assertEquals(List.of("S256"), doc.get("code_challenge_methods_supported")),
                () -> assertEquals(List.of("ES384"), doc.get("id_token_signing_alg_values_supported")),
                () -> assertEquals(List.of("public"), doc.get("subject_types_supported")),
                () -> assertEquals(List.of("openid", "offline_access", "profile", "email", "phone", "address",
                        "custom_data", "identities", "roles", "urn:logto:scope:organizations",
                        "urn:logto:scope:organization_roles", "urn:logto:scope:sessions"), doc.get("scopes_supported")),
                () -> assertEquals(true, doc.get("authorization_response_iss_parameter_supported")),
                () -> assertTrue(((List<?>) doc.get("token_endpoint_auth_methods_supported")).containsAll(
                        List.of("client_secret_basic", "client_secret_post"))),
                () -> assertTrue(((List<?>) doc.get("claims_supported")).containsAll(List.of("roles", "username"))),
                () -> assertEquals(doc, json(get(issuer + "/.well-known/oauth-authorization-server"))));
    }

    @Test
    void jwksPublishesOneEs384KeyNamedByItsThumbprint() throws Exception {
        HttpResponse<String> response = get(provider.issuer() + "/jwks");
        JWKSet jwks = JWKSet.parse(response.body());
        ECKey key = (ECKey) jwks.getKeys().get(0);

        assertAll(
                () -> assertEquals("no-cache, max-age=0, must-revalidate",
                        response.headers().firstValue("Cache-Control").orElse("")),
                () -> assertEquals(1, jwks.getKeys().size()),
                () -> assertEquals("P-384", key.getCurve().getName()),
                () -> assertEquals("ES384", key.getAlgorithm().getName()),
                () -> assertEquals("sig", key.getKeyUse().identifier()),
                () -> assertEquals(key.computeThumbprint().toString(), key.getKeyID()),
                () -> assertFalse(key.isPrivate(), "only public keys are published"));
    }

    @Test
    void unregisteredRedirectUriGets400JsonAndNoRedirect() throws Exception {
        for (String uri : List.of(CALLBACK + "/", "http://127.0.0.1:8081/api/logto/sign-in-callback",
                "http://localhost:8080/api/logto/sign-in-callback", "https://evil.example/cb")) {
            HttpResponse<String> response = get(authorizeUrl(Map.of("redirect_uri", uri)));
            Map<String, Object> body = json(response);

            assertAll(uri,
                    () -> assertEquals(400, response.statusCode()),
                    () -> assertTrue(response.headers().firstValue("Location").isEmpty()),
                    () -> assertEquals("oidc.invalid_redirect_uri", body.get("code")),
                    () -> assertEquals("redirect_uri did not match any of the client's registered redirect_uris",
                            body.get("error_description")));
        }
    }

    @Test
    void normalizedButIdenticalRedirectUriIsAccepted() throws Exception {
        HttpResponse<String> response = get(authorizeUrl(Map.of("redirect_uri",
                "HTTP://127.0.0.1:8080/api/./logto/sign-in-callback")));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<title>Sign in – Logto (development)</title>"));
    }

    @Test
    void unknownClientGets400JsonAndNoRedirect() throws Exception {
        HttpResponse<String> response = get(authorizeUrl(Map.of("client_id", "nobody")));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertEquals("invalid_client", json(response).get("error"));
    }

    @Test
    void offlineAccessIsDroppedWithoutPromptConsent() throws Exception {
        Map<String, Object> tokens = exchange(signIn(Map.of("prompt", "login"), "alice", "").get("code"));

        assertAll(
                () -> assertEquals("openid profile email roles", tokens.get("scope")),
                () -> assertNull(tokens.get("refresh_token")));
    }

    @Test
    void offlineAccessIsKeptWithPromptConsent() throws Exception {
        Map<String, Object> tokens = exchange(signIn(Map.of("prompt", "login consent"), "alice", "").get("code"));

        assertAll(
                () -> assertEquals(SDK_SCOPES, tokens.get("scope")),
                () -> assertTrue(tokens.get("refresh_token") instanceof String),
                () -> assertEquals("Bearer", tokens.get("token_type")),
                () -> assertEquals(20L, ((Number) tokens.get("expires_in")).longValue()));
    }

    @Test
    void tokenResponseIsOpaqueAndNotCached() throws Exception {
        HttpResponse<String> response = post(provider.issuer() + "/token", codeGrant(signIn(Map.of(), "al", "")
                .get("code")), "Authorization", basic(APP, SECRET));
        String accessToken = (String) json(response).get("access_token");

        assertAll(
                () -> assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse("")),
                () -> assertEquals(43, accessToken.length()),
                () -> assertFalse(accessToken.contains(".")));
    }

    @Test
    void unsupportedPromptComesBackAsInvalidRequest() throws Exception {
        HttpResponse<String> response = get(authorizeUrl(Map.of("prompt", "select_account")));
        Map<String, String> query = query(location(response));

        assertAll(
                () -> assertEquals(303, response.statusCode()),
                () -> assertTrue(location(response).startsWith(CALLBACK + "?")),
                () -> assertEquals("invalid_request", query.get("error")),
                () -> assertEquals("unsupported prompt value requested", query.get("error_description")),
                () -> assertEquals("st-1", query.get("state")),
                () -> assertEquals(provider.issuer(), query.get("iss")));
    }

    @Test
    void unknownScopesAreDroppedAndOpenidIsRequired() throws Exception {
        Map<String, Object> tokens = exchange(signIn(Map.of("scope", "openid read:orders profile"), "al", "")
                .get("code"));
        HttpResponse<String> noOpenid = get(authorizeUrl(Map.of("scope", "profile")));

        assertEquals("openid profile", tokens.get("scope"));
        assertEquals("invalid_request", query(location(noOpenid)).get("error"));
    }

    @Test
    void authorizationCodeIsSingleUseAndReplayRevokesItsTokens() throws Exception {
        String code = signIn(Map.of(), "alice", "").get("code");
        Map<String, Object> first = exchange(code);
        HttpResponse<String> replay = post(provider.issuer() + "/token", codeGrant(code),
                "Authorization", basic(APP, SECRET));

        assertAll(
                () -> assertEquals(400, replay.statusCode()),
                () -> assertEquals("invalid_grant", json(replay).get("error")),
                () -> assertEquals(401, userinfo((String) first.get("access_token")).statusCode()),
                () -> assertEquals(400, refresh((String) first.get("refresh_token")).statusCode()));
    }

    @Test
    void codeExpiresAfterSixtySecondsAndIsBoundToItsRedirectUri() throws Exception {
        String late = signIn(Map.of(), "alice", "").get("code");
        clock.advance(Duration.ofSeconds(61));
        HttpResponse<String> expired = post(provider.issuer() + "/token", codeGrant(late),
                "Authorization", basic(APP, SECRET));
        Map<String, String> form = codeGrant(signIn(Map.of(), "alice", "").get("code"));
        form.put("redirect_uri", HOME);
        HttpResponse<String> wrongUri = post(provider.issuer() + "/token", form, "Authorization", basic(APP, SECRET));

        assertEquals("invalid_grant", json(expired).get("error"));
        assertEquals("invalid_grant", json(wrongUri).get("error"));
    }

    @Test
    void pkceVerifierIsEnforcedWhenAChallengeWasSent() throws Exception {
        String verifier = "v".repeat(43) + "-verifier";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> pkce = Map.of("code_challenge", challenge, "code_challenge_method", "S256");

        Map<String, String> missing = codeGrant(signIn(pkce, "alice", "").get("code"));
        Map<String, String> wrong = codeGrant(signIn(pkce, "alice", "").get("code"));
        wrong.put("code_verifier", "w".repeat(50));
        Map<String, String> right = codeGrant(signIn(pkce, "alice", "").get("code"));
        right.put("code_verifier", verifier);
        HttpResponse<String> plain = get(authorizeUrl(Map.of("code_challenge", challenge,
                "code_challenge_method", "plain")));

        assertAll(
                () -> assertEquals(400, post(provider.issuer() + "/token", missing, "Authorization", basic(APP, SECRET)).statusCode()),
                () -> assertEquals(400, post(provider.issuer() + "/token", wrong, "Authorization", basic(APP, SECRET)).statusCode()),
                () -> assertEquals(200, post(provider.issuer() + "/token", right, "Authorization", basic(APP, SECRET)).statusCode()),
                () -> assertEquals("not supported value of code_challenge_method",
                        query(location(plain)).get("error_description")));
    }

    @Test
    void refreshGrantReturnsNewIdTokenWithSameNonceAndSameRefreshToken() throws Exception {
        Map<String, Object> first = exchange(signIn(Map.of("nonce", "n-123"), "alice", "").get("code"));
        clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> response = refresh((String) first.get("refresh_token"));
        Map<String, Object> second = json(response);
        JWTClaimsSet before = SignedJWT.parse((String) first.get("id_token")).getJWTClaimsSet();
        JWTClaimsSet after = SignedJWT.parse((String) second.get("id_token")).getJWTClaimsSet();

        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertEquals(first.get("refresh_token"), second.get("refresh_token")),
                () -> assertNotEquals(first.get("access_token"), second.get("access_token")),
                () -> assertNotEquals(first.get("id_token"), second.get("id_token")),
                () -> assertEquals("n-123", before.getStringClaim("nonce")),
                () -> assertEquals("n-123", after.getStringClaim("nonce")),
                () -> assertEquals(before.getIssueTime().toInstant().plusSeconds(5), after.getIssueTime().toInstant()),
                () -> assertEquals(after.getIssueTime().toInstant().plusSeconds(30), after.getExpirationTime().toInstant()),
                () -> assertEquals(SDK_SCOPES, second.get("scope")));
    }

    @Test
    void tokenEndpointAcceptsBasicAndPostClientAuthentication() throws Exception {
        HttpResponse<String> basicAuth = post(provider.issuer() + "/token",
                codeGrant(signIn(Map.of(), "alice", "").get("code")), "Authorization", basic(APP, SECRET));
        Map<String, String> postForm = codeGrant(signIn(Map.of(), "alice", "").get("code"));
        postForm.put("client_id", APP);
        postForm.put("client_secret", SECRET);
        HttpResponse<String> postAuth = post(provider.issuer() + "/token", postForm);

        assertEquals(200, basicAuth.statusCode(), basicAuth.body());
        assertEquals(200, postAuth.statusCode(), postAuth.body());
    }

    @Test
    void tokenEndpointRejectsWrongSecretWith401InvalidClient() throws Exception {
        String code = signIn(Map.of(), "alice", "").get("code");
        HttpResponse<String> wrongBasic = post(provider.issuer() + "/token", codeGrant(code),
                "Authorization", basic(APP, "guess"));
        Map<String, String> form = codeGrant(code);
        form.put("client_id", APP);
        form.put("client_secret", "guess");
        HttpResponse<String> wrongPost = post(provider.issuer() + "/token", form);
        HttpResponse<String> otherClient = post(provider.issuer() + "/token", codeGrant(code),
                "Authorization", basic("other-app", "other-secret"));

        assertAll(
                () -> assertEquals(401, wrongBasic.statusCode()),
                () -> assertEquals("invalid_client", json(wrongBasic).get("error")),
                () -> assertEquals("client authentication failed", json(wrongBasic).get("error_description")),
                () -> assertTrue(wrongBasic.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic ")),
                () -> assertEquals(401, wrongPost.statusCode()),
                () -> assertEquals("invalid_grant", json(otherClient).get("error"), "a code is bound to its client"),
                () -> assertTrue(exchange(code).containsKey("access_token"), "failed attempts left the code unused"));
    }

    @Test
    void unsupportedGrantTypeIsRejected() throws Exception {
        HttpResponse<String> password = post(provider.issuer() + "/token", new LinkedHashMap<>(Map.of(
                "grant_type", "password")), "Authorization", basic(APP, SECRET));
        HttpResponse<String> clientCredentials = post(provider.issuer() + "/token", new LinkedHashMap<>(Map.of(
                "grant_type", "client_credentials")), "Authorization", basic(APP, SECRET));

        assertEquals("unsupported_grant_type", json(password).get("error"));
        assertEquals("unauthorized_client", json(clientCredentials).get("error"));
    }

    @Test
    void userinfoWorksWithBearerAndFailsAfterRefreshTokenRevocation() throws Exception {
        Map<String, Object> tokens = exchange(signIn(Map.of(), "alice", "admin, ,editor").get("code"));
        String accessToken = (String) tokens.get("access_token");
        HttpResponse<String> before = userinfo(accessToken);
        HttpResponse<String> revocation = post(provider.issuer() + "/token/revocation",
                new LinkedHashMap<>(Map.of("token", (String) tokens.get("refresh_token"))),
                "Authorization", basic(APP, SECRET));
        HttpResponse<String> after = userinfo(accessToken);
        Map<String, Object> claims = json(before);

        assertAll(
                () -> assertEquals(200, before.statusCode()),
                () -> assertEquals(provider.subjectFor("alice"), claims.get("sub")),
                () -> assertEquals(List.of("admin", "editor"), claims.get("roles")),
                () -> assertEquals("alice@example.com", claims.get("email")),
                () -> assertEquals(200, revocation.statusCode()),
                () -> assertEquals(401, after.statusCode()),
                () -> assertTrue(after.headers().firstValue("WWW-Authenticate").orElse("")
                        .contains("error=\"invalid_token\"")),
                () -> assertEquals("invalid_token", json(after).get("error")),
                () -> assertEquals(400, refresh((String) tokens.get("refresh_token")).statusCode()));
    }

    @Test
    void revocationNeedsClientAuthenticationAndIgnoresUnknownTokens() throws Exception {
        HttpResponse<String> unknown = post(provider.issuer() + "/token/revocation",
                new LinkedHashMap<>(Map.of("token", "never-issued")), "Authorization", basic(APP, SECRET));
        HttpResponse<String> unauthenticated = post(provider.issuer() + "/token/revocation",
                new LinkedHashMap<>(Map.of("token", "never-issued")), "Authorization", basic(APP, "guess"));

        assertEquals(200, unknown.statusCode());
        assertEquals(401, unauthenticated.statusCode());
    }

    @Test
    void accessTokenExpiresAfterItsTtl() throws Exception {
        String accessToken = (String) exchange(signIn(Map.of(), "alice", "").get("code")).get("access_token");
        clock.advance(Duration.ofSeconds(21));

        assertEquals(401, userinfo(accessToken).statusCode());
    }

    @Test
    void scopeClaimsFollowLogtoRules() throws Exception {
        Map<String, String> narrow = Map.of("scope", "openid profile custom_data");
        Map<String, Object> tokens = exchange(signIn(narrow, "bob", "admin").get("code"));
        Map<String, Object> idToken = SignedJWT.parse((String) tokens.get("id_token")).getPayload().toJSONObject();
        Map<String, Object> userinfo = json(userinfo((String) tokens.get("access_token")));

        assertAll(
                () -> assertEquals("bob", idToken.get("name")),
                () -> assertEquals("bob", idToken.get("username")),
                () -> assertTrue(idToken.containsKey("picture") && idToken.get("picture") == null),
                () -> assertTrue(((Number) idToken.get("created_at")).longValue() > 1_000_000_000_000L, "millis"),
                () -> assertFalse(idToken.containsKey("roles"), "roles only with the roles scope"),
                () -> assertFalse(idToken.containsKey("email"), "email only with the email scope"),
                () -> assertFalse(idToken.containsKey("custom_data"), "custom_data is userinfo-only"),
                () -> assertEquals(Map.of(), userinfo.get("custom_data")),
                () -> assertEquals(12, provider.subjectFor("bob").length()),
                () -> assertTrue(provider.subjectFor("bob").matches("[0-9a-z]{12}")),
                () -> assertEquals(provider.subjectFor("bob"), idToken.get("sub")));
    }

    @Test
    void idTokenVerifiesAgainstJwksWithEs384AndHasNoTyp() throws Exception {
        String idToken = (String) exchange(signIn(Map.of("nonce", "n-1"), "alice", "admin").get("code"))
                .get("id_token");
        SignedJWT jwt = SignedJWT.parse(idToken);
        JWTClaimsSet claims = verify(idToken);

        assertAll(
                () -> assertEquals(Set.of("alg", "kid"), jwt.getHeader().toJSONObject().keySet()),
                () -> assertEquals(JWSAlgorithm.ES384, jwt.getHeader().getAlgorithm()),
                () -> assertNull(jwt.getHeader().getType()),
                () -> assertEquals(APP, jwt.getPayload().toJSONObject().get("aud"), "aud is a plain string"),
                () -> assertEquals(provider.issuer(), claims.getIssuer()),
                () -> assertEquals(provider.subjectFor("alice"), claims.getSubject()),
                () -> assertEquals(List.of("admin"), claims.getStringListClaim("roles")),
                () -> assertEquals("n-1", claims.getStringClaim("nonce")),
                () -> assertNull(claims.getClaim("at_hash"), "removed in Logto v1.42"));
    }

    @Test
    void singleSignOnIssuesACodeAtOnceWhileTheProviderSessionLives() throws Exception {
        signIn(Map.of(), "alice", "");
        HttpResponse<String> again = get(authorizeUrl(Map.of("state", "st-2")));
        HttpResponse<String> forcedLogin = get(authorizeUrl(Map.of("prompt", "login")));
        HttpResponse<String> otherBrowser = get(newBrowser(), authorizeUrl(Map.of("prompt", "none")));
        Map<String, String> sso = query(location(again));

        assertAll(
                () -> assertEquals(303, again.statusCode()),
                () -> assertEquals("st-2", sso.get("state")),
                () -> assertEquals(provider.subjectFor("alice"),
                        SignedJWT.parse((String) exchange(sso.get("code")).get("id_token")).getJWTClaimsSet().getSubject()),
                () -> assertEquals(200, forcedLogin.statusCode()),
                () -> assertTrue(forcedLogin.body().contains("id=\"username\"")),
                () -> assertEquals("login_required", query(location(otherBrowser)).get("error")));
    }

    @Test
    void sessionCookieIsHttpOnlyLaxAndScopedToTheIssuerPath() throws Exception {
        HttpResponse<String> login = get(authorizeUrl(Map.of()));
        HttpResponse<String> submitted = post(provider.endpoint() + formAction(login),
                new LinkedHashMap<>(Map.of("username", "alice", "roles", "")));
        String cookie = submitted.headers().firstValue("Set-Cookie").orElse("");

        assertAll(
                () -> assertEquals(303, submitted.statusCode()),
                () -> assertTrue(cookie.startsWith("_session="), cookie),
                () -> assertTrue(cookie.contains("Path=/oidc"), cookie),
                () -> assertTrue(cookie.contains("HttpOnly"), cookie),
                () -> assertTrue(cookie.contains("SameSite=Lax"), cookie));
    }

    @Test
    void cancelComesBackAsAccessDenied() throws Exception {
        HttpResponse<String> login = get(authorizeUrl(Map.of()));
        HttpResponse<String> cancelled = post(provider.endpoint() + formAction(login),
                new LinkedHashMap<>(Map.of("username", "", "action", "cancel")));
        Map<String, String> query = query(location(cancelled));

        assertAll(
                () -> assertEquals(303, cancelled.statusCode()),
                () -> assertEquals("access_denied", query.get("error")),
                () -> assertEquals("End-User aborted interaction", query.get("error_description")),
                () -> assertTrue(location(cancelled).contains("error_description=End-User+aborted+interaction")),
                () -> assertEquals("st-1", query.get("state")),
                () -> assertEquals(provider.issuer(), query.get("iss")));
    }

    @Test
    void emptyUsernameShowsTheFormAgainWithAnError() throws Exception {
        HttpResponse<String> login = get(authorizeUrl(Map.of()));
        HttpResponse<String> again = post(provider.endpoint() + formAction(login),
                new LinkedHashMap<>(Map.of("username", "  ", "roles", "admin")));

        assertAll(
                () -> assertEquals(400, again.statusCode()),
                () -> assertTrue(again.body().contains("id=\"error\" role=\"alert\"")),
                () -> assertTrue(again.body().contains("value=\"admin\"")),
                () -> assertEquals(formAction(login), formAction(again)));
    }

    @Test
    void loginPageHasTheElementsTestsUseAndShowsLogtoParameters() throws Exception {
        HttpResponse<String> page = get(authorizeUrl(Map.of("direct_sign_in", "social:github",
                "first_screen", "register", "login_hint", "ann\"<x>", "ui_locales", "de-CH en")));
        String html = page.body();

        assertAll(
                () -> assertEquals(200, page.statusCode()),
                () -> assertTrue(html.contains("<title>Sign in – Logto (development)</title>")),
                () -> assertTrue(html.contains("<label for=\"username\">Username</label>")),
                () -> assertTrue(html.contains("<label for=\"roles\">Roles (comma separated)</label>")),
                () -> assertTrue(html.contains("id=\"sign-in\"")),
                () -> assertTrue(html.contains("id=\"cancel\" name=\"action\" value=\"cancel\"")),
                () -> assertTrue(html.contains("Direct sign-in: social:github")),
                () -> assertTrue(html.contains("First screen: register")),
                () -> assertTrue(html.contains("UI locales: de-CH en")),
                () -> assertTrue(html.contains("value=\"ann&quot;&lt;x&gt;\""), "login_hint pre-filled, escaped"),
                () -> assertFalse(html.contains("<x>")));
    }

    @Test
    void oneInvalidExtraParameterMakesLogtoIgnoreThemAll() throws Exception {
        String html = get(authorizeUrl(Map.of("first_screen", "identifier:sign-in", "login_hint", "ann"))).body();

        assertTrue(html.contains("id=\"extra-params-ignored\""));
        assertFalse(html.contains("value=\"ann\""));
    }

    @Test
    void unknownInteractionGives400Page() throws Exception {
        HttpResponse<String> response = post(provider.issuer() + "/interaction/unknown-uid",
                new LinkedHashMap<>(Map.of("username", "alice")));
        HttpResponse<String> login = get(authorizeUrl(Map.of()));
        clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = post(provider.endpoint() + formAction(login),
                new LinkedHashMap<>(Map.of("username", "alice")));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertEquals(400, expired.statusCode());
    }

    @Test
    void endSessionRejectsUnregisteredPostLogoutRedirectUri() throws Exception {
        HttpResponse<String> response = get(provider.issuer() + "/session/end?client_id=" + APP
                + "&post_logout_redirect_uri=" + enc("http://127.0.0.1:8080/elsewhere"));

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("post_logout_redirect_uri not registered"));
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @Test
    void endSessionAutoSubmitsAndConfirmEndsTheProviderSession() throws Exception {
        signIn(Map.of(), "alice", "");
        HttpResponse<String> page = get(provider.issuer() + "/session/end?client_id=" + APP
                + "&post_logout_redirect_uri=" + enc(HOME) + "&state=bye");
        HttpResponse<String> confirmed = confirmLogout(page);
        HttpResponse<String> next = get(authorizeUrl(Map.of()));

        assertAll(
                () -> assertEquals(200, page.statusCode()),
                () -> assertTrue(page.body().contains(
                        "<form id=\"op.logoutForm\" method=\"post\" action=\"/oidc/session/end/confirm\">")),
                () -> assertTrue(page.body().contains("name=\"logout\" value=\"yes\"")),
                () -> assertTrue(page.body().contains("document.getElementById('op.logoutForm').submit()")),
                () -> assertEquals(303, confirmed.statusCode()),
                () -> assertEquals(HOME + "?state=bye", location(confirmed)),
                () -> assertTrue(confirmed.headers().firstValue("Set-Cookie").orElse("").contains("Expires=Thu, 1 Jan 1970 00:00:00 GMT")),
                () -> assertEquals(200, next.statusCode(), "the login form again, no single sign-on"),
                () -> assertTrue(next.body().contains("id=\"username\"")));
    }

    @Test
    void endSessionSendsEachClientOfTheSessionWithABackChannelUriALogoutToken() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer rp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rp.createContext("/", http -> {
            received.add(http.getRequestURI().getPath() + " " + new String(http.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            http.sendResponseHeaders(200, -1);
            http.close();
        });
        rp.start();
        String rpUrl = "http://127.0.0.1:" + rp.getAddress().getPort();
        restartWith(b -> b.client("third-app", "third-secret", List.of("http://127.0.0.1:9091/cb"), List.of())
                .backChannelLogoutUri(APP, rpUrl + "/app", true)
                .backChannelLogoutUri("other-app", rpUrl + "/other", false)
                .backChannelLogoutUri("third-app", rpUrl + "/third", true));
        try {
            String idToken = (String) exchange(signIn(Map.of(), "alice", "").get("code")).get("id_token");
            assertEquals(303, get(authorizeUrl(Map.of("client_id", "other-app", "redirect_uri",
                    "http://127.0.0.1:9090/cb"))).statusCode(), "single sign-on at the second app");
            confirmLogout(get(provider.issuer() + "/session/end?client_id=other-app"));

            Map<String, JWTClaimsSet> tokens = new LinkedHashMap<>();
            for (String request : received) {
                String token = URLDecoder.decode(request.substring(request.indexOf("logout_token=") + 13),
                        StandardCharsets.UTF_8);
                assertEquals("logout+jwt", SignedJWT.parse(token).getHeader().getType().getType());
                tokens.put(request.substring(0, request.indexOf(' ')), SignedJWT.parse(token).getJWTClaimsSet());
            }
            JWTClaimsSet app = tokens.get("/app");
            assertAll(
                    () -> assertEquals(Set.of("/app", "/other"), tokens.keySet(), "never to a client not signed in"),
                    () -> assertEquals(List.of(APP), app.getAudience()),
                    () -> assertEquals(provider.subjectFor("alice"), app.getSubject()),
                    () -> assertEquals(verify(idToken).getStringClaim("sid"), app.getStringClaim("sid")),
                    () -> assertEquals(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()),
                            app.getJSONObjectClaim("events")),
                    () -> assertEquals(provider.issuer(), app.getIssuer()),
                    () -> assertNull(app.getClaim("nonce")),
                    () -> assertNull(tokens.get("/other").getClaim("sid"), "session not required"),
                    () -> assertEquals(List.of("other-app"), tokens.get("/other").getAudience()));
        } finally {
            rp.stop(0);
        }
    }

    @Test
    void organizationTokensCarryTheRolesPermissionsOnlyIfTheSignInAskedForThemWithTheOrganizationResource()
            throws Exception {
        restartWith(b -> b.organization("org-1", "One", Map.of("alice", List.of("manager")))
                .organizationRole("manager", List.of("read:org-orders", "write:org-orders")));
        String scope = SDK_SCOPES + " urn:logto:scope:organizations read:org-orders";
        String withResource = (String) exchange(signIn(Map.of("scope", scope, "resource",
                "urn:logto:resource:organizations"), "alice", "").get("code")).get("refresh_token");
        String without = (String) exchange(signIn(Map.of("scope", scope), "alice", "")
                .get("code")).get("refresh_token");

        Map<String, Object> granted = json(post(provider.issuer() + "/token", new LinkedHashMap<>(Map.of(
                "grant_type", "refresh_token", "refresh_token", withResource, "organization_id", "org-1")),
                "Authorization", basic(APP, SECRET)));
        Map<String, Object> empty = json(post(provider.issuer() + "/token", new LinkedHashMap<>(Map.of(
                "grant_type", "refresh_token", "refresh_token", without, "organization_id", "org-1")),
                "Authorization", basic(APP, SECRET)));

        JWTClaimsSet token = SignedJWT.parse((String) granted.get("access_token")).getJWTClaimsSet();
        assertAll(
                () -> assertEquals("read:org-orders", granted.get("scope"), "write:org-orders was not asked for"),
                () -> assertEquals("read:org-orders", token.getStringClaim("scope")),
                () -> assertEquals(List.of("urn:logto:organization:org-1"), token.getAudience()),
                () -> assertEquals("", empty.get("scope")));
    }

    @Test
    void theOrganizationsFieldJoinsWhatIsTypedThereAndExplainsTheDefault() throws Exception {
        boolean fieldWithoutTheOption = get(authorizeUrl(Map.of())).body().contains("id=\"organizations\"");
        restartWith(b -> b.organizationRole("manager", List.of("read:org-orders", "write:org-orders"))
                .organizationRole("viewer", List.of("read:org-orders"))
                .organization("org-1", "One", Map.of()).organization("org-2", "Two", Map.of())
                .organizationsAtSignIn("org-1: manager; org-2: viewer"));
        String scope = SDK_SCOPES + " urn:logto:scope:organizations urn:logto:scope:organization_roles";
        HttpResponse<String> login = get(authorizeUrl(Map.of("scope", scope)));
        HttpResponse<String> unknown = post(provider.endpoint() + formAction(login),
                new LinkedHashMap<>(Map.of("username", "alice", "roles", "", "organizations", "org-3: manager")));
        HttpResponse<String> callback = post(provider.endpoint() + formAction(unknown),
                new LinkedHashMap<>(Map.of("username", "alice", "roles", "", "organizations", " org-2 : viewer,manager")));
        JWTClaimsSet idToken = verify((String) exchange(query(location(callback)).get("code")).get("id_token"));

        assertAll(
                () -> assertFalse(fieldWithoutTheOption),
                () -> assertTrue(login.body().contains("value=\"org-1: manager; org-2: viewer\""), login.body()),
                () -> assertTrue(login.body().contains("by default you are manager in One and viewer in Two."
                        + " Organization roles: manager grants read:org-orders, write:org-orders; viewer grants"
                        + " read:org-orders."), login.body()),
                () -> assertEquals(400, unknown.statusCode()),
                () -> assertTrue(unknown.body().contains("Unknown organization &quot;org-3&quot;: this provider has"
                        + " org-1, org-2."), unknown.body()),
                () -> assertTrue(unknown.body().contains("value=\"org-3: manager\""), "what was typed stays"),
                () -> assertEquals(List.of("org-2"), idToken.getStringListClaim("organizations")),
                () -> assertEquals(List.of("org-2:viewer", "org-2:manager"),
                        idToken.getStringListClaim("organization_roles")));
    }

    @Test
    void endSessionKeepsOfflineGrantsAndRevokesTheOthers() throws Exception {
        Map<String, Object> offline = exchange(signIn(Map.of(), "alice", "").get("code"));
        Map<String, Object> online = exchange(signIn(Map.of("prompt", "login"), "alice", "").get("code"));
        confirmLogout(get(provider.issuer() + "/session/end?client_id=" + APP));

        assertEquals(200, userinfo((String) offline.get("access_token")).statusCode());
        assertEquals(401, userinfo((String) online.get("access_token")).statusCode());
    }

    @Test
    void endSessionWithoutClientIgnoresTheRedirectUri() throws Exception {
        HttpResponse<String> confirmed = confirmLogout(get(provider.issuer() + "/session/end?post_logout_redirect_uri="
                + enc("https://evil.example/")));
        HttpResponse<String> success = get(location(confirmed));

        assertEquals(provider.issuer() + "/session/end/success", location(confirmed));
        assertTrue(success.body().contains("You are signed out"));
    }

    @Test
    void endSessionAcceptsAnExpiredIdTokenHint() throws Exception {
        String idToken = (String) exchange(signIn(Map.of(), "alice", "").get("code")).get("id_token");
        clock.advance(Duration.ofHours(2));
        HttpResponse<String> page = get(provider.issuer() + "/session/end?id_token_hint=" + idToken
                + "&post_logout_redirect_uri=" + enc(HOME));
        HttpResponse<String> forged = get(provider.issuer() + "/session/end?id_token_hint="
                + idToken.substring(0, idToken.lastIndexOf('.') + 1) + "AAAA");

        assertEquals(HOME, location(confirmLogout(page)));
        assertEquals(400, forged.statusCode());
    }

    @Test
    void confirmWithoutAValidXsrfIsRefused() throws Exception {
        HttpResponse<String> response = post(provider.issuer() + "/session/end/confirm",
                new LinkedHashMap<>(Map.of("xsrf", "forged", "logout", "yes")));

        assertEquals(400, response.statusCode());
        assertEquals("xsrf token invalid", json(response).get("error_description"));
    }

    @Test
    void rotateSigningKeyPublishesTwoKeysAndSignsWithTheNewOne() throws Exception {
        String oldToken = (String) exchange(signIn(Map.of(), "alice", "").get("code")).get("id_token");
        String oldKid = SignedJWT.parse(oldToken).getHeader().getKeyID();
        provider.rotateSigningKey();
        List<JWK> keys = JWKSet.parse(get(provider.issuer() + "/jwks").body()).getKeys();
        String newToken = (String) exchange(signIn(Map.of(), "alice", "").get("code")).get("id_token");
        String newKid = SignedJWT.parse(newToken).getHeader().getKeyID();

        assertAll(
                () -> assertEquals(2, keys.size()),
                () -> assertEquals(newKid, keys.get(0).getKeyID(), "current first"),
                () -> assertEquals(oldKid, keys.get(1).getKeyID(), "previous second"),
                () -> assertNotEquals(oldKid, newKid),
                () -> assertEquals(provider.subjectFor("alice"), verify(newToken).getSubject()),
                () -> assertEquals(provider.subjectFor("alice"), verify(oldToken).getSubject()));
    }

    @Test
    void requestsAreRecordedWithoutSecretsInToString() throws Exception {
        provider.clearRequests();
        Map<String, String> form = codeGrant(signIn(Map.of(), "alice", "").get("code"));
        form.put("client_id", APP);
        form.put("client_secret", SECRET);
        post(provider.issuer() + "/token", form);
        RecordedRequest token = provider.requests("/oidc/token").get(0);

        List<String> paths = provider.requests().stream().map(RecordedRequest::path).toList();

        assertAll(
                () -> assertEquals(3, paths.size(), paths.toString()),
                () -> assertEquals("/oidc/auth", paths.get(0)),
                () -> assertTrue(paths.get(1).startsWith("/oidc/interaction/")),
                () -> assertEquals("/oidc/token", paths.get(2)),
                () -> assertEquals("GET", provider.requests().get(0).method()),
                () -> assertEquals(APP, provider.requests().get(0).param("client_id")),
                () -> assertEquals("POST", token.method()),
                () -> assertEquals(SECRET, token.params().get("client_secret").get(0)),
                () -> assertEquals("application/x-www-form-urlencoded", token.header("content-type")),
                () -> assertFalse(token.toString().contains(SECRET), token.toString()),
                () -> assertFalse(token.toString().contains(form.get("code")), token.toString()),
                () -> assertTrue(token.authorizationBasic().isEmpty()));
    }

    @Test
    void basicClientIdIsRecorded() throws Exception {
        exchange(signIn(Map.of(), "alice", "").get("code"));
        RecordedRequest token = provider.requests("/oidc/token").get(0);

        assertEquals(APP, token.authorizationBasic().orElseThrow());
        assertFalse(token.toString().contains(SECRET));
    }

    @Test
    void unknownPathGets404JsonAndWrongMethod405() throws Exception {
        HttpResponse<String> missing = get(provider.issuer() + "/nothing");
        HttpResponse<String> wrongMethod = get(provider.issuer() + "/token");

        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(405, wrongMethod.statusCode());
    }

    @Test
    void concurrentSignInsAreServed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> subjects = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String user = "user" + i;
                subjects.add(pool.submit(() -> {
                    Map<String, String> callback = signIn(newBrowser(), Map.of(), user, "");
                    String idToken = (String) exchange(callback.get("code")).get("id_token");
                    return SignedJWT.parse(idToken).getJWTClaimsSet().getSubject();
                }));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> subject : subjects) {
                distinct.add(subject.get());
            }
            assertEquals(24, distinct.size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers: an app and a browser in a few lines each ----

    private String authorizeUrl(Map<String, String> overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", APP);
        params.put("redirect_uri", CALLBACK);
        params.put("response_type", "code");
        params.put("scope", SDK_SCOPES);
        params.put("prompt", "consent");
        params.put("state", "st-1");
        params.putAll(overrides);
        return provider.issuer() + "/auth?" + params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private Map<String, String> signIn(Map<String, String> overrides, String username, String roles) throws Exception {
        return signIn(browser, overrides, username, roles);
    }

    /**
     * Opens the login page in {@code agent}, submits it, and returns the callback's query (code, state, iss).
     * While the provider session lives, /auth answers at once (single sign-on) and that answer is returned.
     */
    private Map<String, String> signIn(HttpClient agent, Map<String, String> overrides, String username, String roles)
            throws Exception {
        HttpResponse<String> login = get(agent, authorizeUrl(overrides));
        HttpResponse<String> callback = login.statusCode() == 303 ? login
                : post(agent, provider.endpoint() + formAction(login),
                        new LinkedHashMap<>(Map.of("username", username, "roles", roles)));
        assertEquals(303, callback.statusCode(), callback.body());
        assertTrue(location(callback).startsWith(CALLBACK + "?code="), location(callback));
        Map<String, String> query = query(location(callback));
        assertEquals(provider.issuer(), query.get("iss"));
        return query;
    }

    private Map<String, Object> exchange(String code) throws Exception {
        HttpResponse<String> response = post(provider.issuer() + "/token", codeGrant(code),
                "Authorization", basic(APP, SECRET));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static Map<String, String> codeGrant(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", CALLBACK);
        return form;
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post(provider.issuer() + "/token", new LinkedHashMap<>(Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken)), "Authorization", basic(APP, SECRET));
    }

    private HttpResponse<String> userinfo(String accessToken) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/me"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the page's script does: post op.logoutForm. */
    private HttpResponse<String> confirmLogout(HttpResponse<String> page) throws Exception {
        Matcher xsrf = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(xsrf.find(), page.body());
        return post(provider.issuer() + "/session/end/confirm",
                new LinkedHashMap<>(Map.of("xsrf", xsrf.group(1), "logout", "yes")));
    }

    private JWTClaimsSet verify(String idToken) throws Exception {
        JWKSet jwks = JWKSet.parse(get(provider.issuer() + "/jwks").body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES384, new ImmutableJWKSet<>(jwks)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(APP,
                new JWTClaimsSet.Builder().issuer(provider.issuer()).build(), Set.of("sub", "iat", "exp")));
        return processor.process(idToken, null);
    }

    private static String formAction(HttpResponse<String> loginPage) {
        Matcher matcher = INTERACTION.matcher(loginPage.body());
        assertTrue(matcher.find(), loginPage.body());
        return "/oidc/interaction/" + matcher.group(1);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return get(browser, url);
    }

    private HttpResponse<String> post(String url, Map<String, String> form, String... headers)
            throws IOException, InterruptedException {
        return post(browser, url, form, headers);
    }

    private static HttpResponse<String> get(HttpClient agent, String url) throws IOException, InterruptedException {
        return agent.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient agent, String url, Map<String, String> form,
                                             String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return agent.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient newBrowser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location, HTTP " + response.statusCode() + ": " + response.body()));
    }

    private static Map<String, String> query(String uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = URI.create(uri).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A clock tests can move forward; starts at the real time so Nimbus' own expiry checks still pass. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
