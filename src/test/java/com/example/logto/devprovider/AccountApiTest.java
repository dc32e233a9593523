package com.example.logto.devprovider;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the development provider's Account API as an app would, against a second provider as the upstream. */
class AccountApiTest {

    private static final String APP_CALLBACK = "http://127.0.0.1:8080/api/logto/sign-in-callback";
    private static final String LINK_CALLBACK = "http://127.0.0.1:8080/account/link-callback";
    private static final Pattern INTERACTION = Pattern.compile("action=\"(/oidc/interaction/[^\"]+)\"");

    private LogtoDevProvider upstream;
    private LogtoDevProvider logto;
    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();

    @BeforeEach
    void start() {
        upstream = LogtoDevProvider.builder().client("connector", "connector-secret", List.of(LINK_CALLBACK),
                List.of()).build().start();
        logto = LogtoDevProvider.builder().client("app", "app-secret", List.of(APP_CALLBACK), List.of())
                .socialConnector("oidc-1", "acme", upstream.issuer(), "connector", "connector-secret", true)
                .accountCenter(true, Map.of("social", "Edit", "password", "ReadOnly"))
                .build().start();
    }

    @AfterEach
    void stop() {
        logto.stop();
        upstream.stop();
    }

    @Test
    void linksListsCallsAndUnlinksAnUpstreamAccount() throws Exception {
        String token = signIn("alice", "openid offline_access profile identities");
        String password = verificationId(call("POST", "/api/verifications/password", token, Map.of("password",
                "alice")), 201);
        String social = linkAtUpstream(token, "ute");

        assertEquals(401, call("POST", "/api/my-account/identities", token, Map.of("newIdentifierVerificationRecordId",
                password), "logto-verification-id", social).statusCode(), "ids swapped");
        assertEquals(204, call("POST", "/api/my-account/identities", token, Map.of("newIdentifierVerificationRecordId",
                social), "logto-verification-id", password).statusCode());
        Map<String, Object> profile = json(call("GET", "/api/my-account", token, null));
        Map<String, Object> providerToken = json(call("GET", "/api/my-account/identities/acme/access-token", token,
                null));
        HttpResponse<String> atUpstream = browser.send(HttpRequest.newBuilder(URI.create(upstream.issuer() + "/me"))
                .header("Authorization", "Bearer " + providerToken.get("access_token")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertAll(
                () -> assertEquals(upstream.subjectFor("ute"), ((Map<?, ?>) ((Map<?, ?>) profile.get("identities"))
                        .get("acme")).get("userId")),
                () -> assertEquals(true, profile.get("hasPassword")),
                () -> assertEquals("Bearer", providerToken.get("token_type")),
                () -> assertTrue(((Number) providerToken.get("expires_in")).longValue() > 3000),
                () -> assertEquals(upstream.subjectFor("ute"), json(atUpstream).get("sub")),
                () -> assertCode(400, "user.identity_already_in_use", call("POST", "/api/my-account/identities",
                        token, Map.of("newIdentifierVerificationRecordId", social), "logto-verification-id",
                        password)));

        assertEquals(204, call("DELETE", "/api/my-account/identities/acme", token, null, "logto-verification-id",
                password).statusCode());
        assertAll(
                () -> assertEquals(Map.of(), json(call("GET", "/api/my-account", token, null)).get("identities")),
                () -> assertCode(404, "secrets.third_party_token_set.token_not_found", call("GET",
                        "/api/my-account/identities/acme/access-token", token, null)),
                () -> assertCode(404, "user.identity_not_exist", call("DELETE", "/api/my-account/identities/acme",
                        token, null, "logto-verification-id", password)));
    }

    @Test
    void refusesAsLogtoDoes() throws Exception {
        String token = signIn("bob", "openid offline_access profile");
        String password = verificationId(call("POST", "/api/verifications/password", token, Map.of("password",
                "bob")), 201);
        assertAll(
                () -> assertCode(401, "auth.unauthorized", call("GET", "/api/my-account", "not-a-token", null)),
                () -> assertCode(422, "session.invalid_credentials", call("POST", "/api/verifications/password",
                        token, Map.of("password", "wrong"))),
                () -> assertCode(400, "guard.invalid_input", call("POST", "/api/verifications/social", token,
                        Map.of("connectorId", "oidc-1", "redirectUri", LINK_CALLBACK))),
                () -> assertCode(422, "session.invalid_connector_id", call("POST", "/api/verifications/social",
                        token, Map.of("connectorId", "nope", "state", "s", "redirectUri", LINK_CALLBACK))),
                () -> assertCode(400, "verification_record.not_found", call("POST",
                        "/api/verifications/social/verify", token, Map.of("verificationRecordId", "x",
                                "connectorData", Map.of("code", "c")))),
                () -> assertCode(400, "auth.unauthorized", call("DELETE", "/api/my-account/identities/acme", token,
                        null, "logto-verification-id", password)),
                () -> assertFalse(json(call("GET", "/api/my-account", token, null)).containsKey("identities")));

        logto.accountCenter(true, Map.of("social", "ReadOnly"));
        String full = signIn("bob", "openid offline_access profile identities");
        assertCode(400, "account_center.field_not_editable", call("DELETE", "/api/my-account/identities/acme", full,
                null, "logto-verification-id", password));
        logto.accountCenter(false, Map.of("social", "Edit"));
        assertCode(400, "account_center.not_enabled", call("GET", "/api/my-account", full, null));
    }

    @Test
    void anExpiredStoredTokenIsRefreshedUpstreamOrDeleted() throws Exception {
        String token = signIn("carol", "openid offline_access profile identities");
        String password = verificationId(call("POST", "/api/verifications/password", token, Map.of("password",
                "carol")), 201);
        String social = linkAtUpstream(token, "uwe");
        call("POST", "/api/my-account/identities", token, Map.of("newIdentifierVerificationRecordId", social),
                "logto-verification-id", password);
        String path = "/api/my-account/identities/acme/access-token";
        String first = (String) json(call("GET", path, token, null)).get("access_token");

        logto.expireStoredProviderToken("carol", "acme", true);
        HttpResponse<String> refreshed = call("GET", path, token, null);
        logto.expireStoredProviderToken("carol", "acme", false);
        assertAll(
                () -> assertEquals(200, refreshed.statusCode()),
                () -> assertFalse(first.equals(json(refreshed).get("access_token")), "a new upstream token"),
                () -> assertCode(401, "secrets.third_party_token_set.access_token_expired", call("GET", path, token,
                        null)),
                () -> assertCode(404, "secrets.third_party_token_set.token_not_found", call("GET", path, token,
                        null)));
    }

    /** Steps 1 to 3 of linking: start, sign in upstream as {@code upstreamUser}, verify; the social record id. */
    private String linkAtUpstream(String token, String upstreamUser) throws Exception {
        HttpResponse<String> started = call("POST", "/api/verifications/social", token, Map.of("connectorId",
                "oidc-1", "state", "my-state", "redirectUri", LINK_CALLBACK));
        String social = verificationId(started, 201);
        Map<String, String> callback = authorize(upstream, (String) json(started).get("authorizationUri"),
                upstreamUser);
        assertEquals("my-state", callback.get("state"));
        assertCode(400, "connector.general", call("POST", "/api/verifications/social/verify", token,
                Map.of("verificationRecordId", social, "connectorData", Map.of("error", "access_denied"))));
        assertEquals(200, call("POST", "/api/verifications/social/verify", token, Map.of("verificationRecordId",
                social, "connectorData", callback)).statusCode());
        return social;
    }

    private String signIn(String username, String scope) throws Exception {
        String url = logto.issuer() + "/auth?client_id=app&response_type=code&prompt=consent&state=s&redirect_uri="
                + enc(APP_CALLBACK) + "&scope=" + enc(scope);
        String code = authorize(logto, url, username).get("code");
        HttpResponse<String> tokens = browser.send(HttpRequest.newBuilder(URI.create(logto.issuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("app:app-secret".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(APP_CALLBACK))).build(), HttpResponse.BodyHandlers.ofString());
        return (String) json(tokens).get("access_token");
    }

    /** Opens an authorization URL, signs in on the login page if shown, and returns the redirect's query. */
    private Map<String, String> authorize(LogtoDevProvider at, String url, String username) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() == 200) {
            Matcher action = INTERACTION.matcher(page.body());
            assertTrue(action.find(), page.body());
            page = browser.send(HttpRequest.newBuilder(URI.create(at.endpoint() + action.group(1)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&roles="))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        String location = page.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect"));
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private HttpResponse<String> call(String method, String path, String token, Map<String, ?> body,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(logto.endpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(
                                new LinkedHashMap<String, Object>(body))));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String verificationId(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return (String) json(response).get("verificationRecordId");
    }

    private static void assertCode(int status, String code, HttpResponse<String> response) throws Exception {
        assertEquals(status + " " + code, response.statusCode() + " " + json(response).get("code"), response.body());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
