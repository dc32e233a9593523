package com.example.logto.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.security.signin.SignInRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogtoConfigTest {

    private final Map<String, String> settings = new HashMap<>(Map.of(
            "logto.endpoint", "https://tenant.logto.app/",
            "logto.app-id", "abc123",
            "logto.app-secret", "very-secret-value"));

    private LogtoConfig load() {
        LogtoConfig config = new LogtoConfig();
        config.load(name -> Optional.ofNullable(settings.get(name)));
        return config;
    }

    @Test
    void derivesIssuerAndRedirectUrisFromTheSettings() {
        settings.put("logto.base-url", "https://app.example.com/");

        LogtoConfig config = load();

        assertAll(
                () -> assertEquals("https://tenant.logto.app/oidc", config.getIssuer()),
                () -> assertEquals("https://app.example.com/api/logto/sign-in-callback", config.getRedirectUri()),
                () -> assertEquals("https://app.example.com/", config.getPostSignOutRedirectUri()),
                () -> assertTrue(config.isCookieSecure(), "https base URL means Secure cookies by default"));
    }

    @Test
    void defaultsToLocalhostWithoutSecureCookies() {
        LogtoConfig config = load();

        assertEquals("http://localhost:8080/api/logto/sign-in-callback", config.getRedirectUri());
        assertFalse(config.isCookieSecure());
    }

    @Test
    void addsExtraScopesToTheReservedOnesOnce() {
        settings.put("logto.scopes", "email, roles openid  urn:logto:scope:organizations");

        assertEquals("openid profile offline_access email roles urn:logto:scope:organizations", load().getScope());
    }

    @Test
    void apiScopesAreKeptApartFromTheScopesSoteriaChecks() {
        settings.put("logto.scopes", "email read:orders roles write:orders");

        LogtoConfig config = load();

        assertEquals("openid profile offline_access email roles", config.getScope());
        assertEquals(java.util.List.of("read:orders", "write:orders"), config.getApiScopes());
    }

    @Test
    void readsResourceIndicatorsAndServesTheFirstByDefault() {
        settings.put("logto.resources", " https://api.example.com/orders,https://billing.example.com urn:x:api ");

        LogtoConfig config = load();

        assertAll(
                () -> assertEquals(java.util.List.of("https://api.example.com/orders", "https://billing.example.com",
                        "urn:x:api"), config.getResources()),
                () -> assertEquals("https://api.example.com/orders", config.getApiResource()));
    }

    @Test
    void theOrganizationsScopeAddsLogtosOrganizationResourceToTheSignInOnly() {
        settings.put("logto.resources", "https://api.example.com/orders");
        settings.put("logto.scopes", "urn:logto:scope:organizations read:org-orders");

        LogtoConfig config = load();

        assertAll(
                () -> assertEquals(java.util.List.of("https://api.example.com/orders",
                        "urn:logto:resource:organizations"), config.getAuthorizationResources()),
                () -> assertEquals(java.util.List.of("https://api.example.com/orders"), config.getResources()),
                () -> assertEquals(java.util.List.of("read:org-orders"), config.getApiScopes()));
        settings.put("logto.scopes", "email");
        assertEquals(java.util.List.of("https://api.example.com/orders"), load().getAuthorizationResources());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "logto.endpoint|     |LOGTO_ENDPOINT is not set",
        "logto.endpoint|ftp://x|LOGTO_ENDPOINT must be an http(s) URL",
        "logto.endpoint|https://t.logto.app/?x=1|LOGTO_ENDPOINT must be an http(s) URL",
        "logto.endpoint|not a url|LOGTO_ENDPOINT is not a URL",
        "logto.app-id|   |LOGTO_APP_ID is not set",
        "logto.app-id|a b|LOGTO_APP_ID contains white space",
        "logto.app-secret|  |LOGTO_APP_SECRET is not set",
        "logto.base-url|localhost:8080|LOGTO_BASE_URL must be an http(s) URL",
        "logto.scopes|email \"x\"|LOGTO_SCOPES has an invalid scope",
        "logto.cookie-secure|yes|LOGTO_COOKIE_SECURE must be true or false",
        "logto.resources|api.example.com|LOGTO_RESOURCES has an invalid API indicator",
        "logto.resources|https://api.example.com#x|LOGTO_RESOURCES has an invalid API indicator",
        "logto.api-resource|/orders|LOGTO_API_RESOURCE has an invalid API indicator",
        "logto.oidc-connector-target|acme sso|LOGTO_OIDC_CONNECTOR_TARGET is not a connector target",
        "logto.oidc-connector-target|social:acme|LOGTO_OIDC_CONNECTOR_TARGET is not a connector target",
        "logto.oidc-connector-name|Acme SSO|LOGTO_OIDC_CONNECTOR_NAME is set but LOGTO_OIDC_CONNECTOR_TARGET is not"})
    void badSettingFailsWithAMessageNamingTheVariable(String property, String value, String message) {
        settings.put(property, value == null ? "" : value);

        IllegalStateException e = assertThrows(IllegalStateException.class, this::load);

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertFalse(e.getMessage().contains("very-secret-value"));
    }

    @Test
    void connectorTargetOffersDirectSignInAndRequestsIdentities() {
        settings.put("logto.oidc-connector-target", "acme.sso_1-x");
        settings.put("logto.oidc-connector-name", " Acme SSO ");

        LogtoConfig config = load();

        assertAll(
                () -> assertEquals("/api/logto/sign-in?direct_sign_in=social:acme.sso_1-x",
                        config.getOidcConnectorSignInPath()),
                () -> assertEquals("Acme SSO", config.getOidcConnectorName()),
                () -> assertEquals("openid profile offline_access identities", config.getScope()),
                // the sign-in route must accept what the button sends
                () -> assertEquals("social:acme.sso_1-x", SignInRequest.parse(Map.of("direct_sign_in",
                        "social:acme.sso_1-x")::get, false).logtoParameters().get("direct_sign_in")));
    }

    @Test
    void connectorNameDefaultsToTheTarget() {
        settings.put("logto.oidc-connector-target", "acme");

        assertEquals("acme", load().getOidcConnectorName());
    }

    @Test
    void withoutAConnectorThereIsNoButtonAndNoIdentitiesScope() {
        LogtoConfig config = load();

        assertEquals(null, config.getOidcConnectorTarget());
        assertEquals(null, config.getOidcConnectorSignInPath());
        assertFalse(config.getScope().contains("identities"));
    }

    @Test
    void connectorNameMustBePrintable() {
        settings.put("logto.oidc-connector-target", "acme");
        settings.put("logto.oidc-connector-name", "Ac\u0007me");

        IllegalStateException e = assertThrows(IllegalStateException.class, this::load);

        assertTrue(e.getMessage().startsWith("LOGTO_OIDC_CONNECTOR_NAME must be 1-64 printable characters"));
    }

    @Test
    void neverPrintsTheSecret() {
        assertFalse(load().toString().contains("very-secret-value"));
    }

    // Account Center: "offer for sign-in" and "offer for linking" are separate settings ----------------------

    @Test
    void aLinkingOnlyConnectorGetsNoContinueWithButtonButTheAccountPage() {
        settings.put("logto.oidc-connector-target", "acme-sso");
        settings.put("logto.oidc-connector-id", "k3x9oidc");
        settings.put("logto.oidc-connector-sign-in", "false");
        settings.put("logto.oidc-connector-api-url", "https://sso.acme.example/oidc/me");

        LogtoConfig config = load();

        assertAll(
                () -> assertEquals(null, config.getOidcConnectorSignInPath()),
                () -> assertTrue(config.isAccountCenter()),
                () -> assertEquals("k3x9oidc", config.getOidcConnectorId()),
                () -> assertEquals("https://sso.acme.example/oidc/me", config.getOidcConnectorApiUrl()),
                () -> assertEquals("http://localhost:8080/account/link-callback", config.getLinkCallbackUri()),
                () -> assertTrue(config.getScope().contains("identities"), config.getScope()));
    }

    @Test
    void aConnectorIsOfferedForSignInByDefaultAndForLinkingOnlyWithItsId() {
        settings.put("logto.oidc-connector-target", "acme-sso");

        LogtoConfig config = load();

        assertEquals("/api/logto/sign-in?direct_sign_in=social:acme-sso", config.getOidcConnectorSignInPath());
        assertFalse(config.isAccountCenter());
    }

    @Test
    void aConnectorIdWithoutTargetIsRefusedByName() {
        settings.put("logto.oidc-connector-id", "k3x9oidc");

        IllegalStateException e = assertThrows(IllegalStateException.class, this::load);
        assertTrue(e.getMessage().startsWith("LOGTO_OIDC_CONNECTOR_ID is set but LOGTO_OIDC_CONNECTOR_TARGET"),
                e.getMessage());
    }
}
