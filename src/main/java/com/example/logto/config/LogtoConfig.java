package com.example.logto.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every setting of the Logto integration, read once from MicroProfile Config, so each can come from an
 * environment variable ({@code LOGTO_ENDPOINT}), a system property ({@code -Dlogto.endpoint=...}) or
 * {@code META-INF/microprofile-config.properties}. The names mirror {@code @logto/next}'s config.
 *
 * <table>
 * <tr><th>Variable</th><th>Meaning</th><th>Default</th></tr>
 * <tr><td>LOGTO_ENDPOINT</td><td>tenant endpoint; the issuer is this + {@code /oidc}</td><td>required</td></tr>
 * <tr><td>LOGTO_APP_ID</td><td>the "Traditional web" application's id</td><td>required</td></tr>
 * <tr><td>LOGTO_APP_SECRET</td><td>its secret</td><td>required</td></tr>
 * <tr><td>LOGTO_BASE_URL</td><td>public URL of this app; redirect URIs are built from it</td>
 *     <td>{@code http://localhost:8080}</td></tr>
 * <tr><td>LOGTO_SCOPES</td><td>scopes added to {@code openid profile offline_access}: OIDC scopes, API permissions
 *     and organization permissions</td><td>{@code email roles}</td></tr>
 * <tr><td>LOGTO_COOKIE_SECURE</td><td>mark the session cookie {@code Secure}</td><td>true for an https base URL</td></tr>
 * <tr><td>LOGTO_RESOURCES</td><td>API resource indicators (absolute URIs, space or comma separated) this app may
 *     get access tokens for, as the SDK's {@code resources}</td><td>none</td></tr>
 * <tr><td>LOGTO_API_RESOURCE</td><td>the indicator of the API this app serves ({@code /api/orders}): the
 *     {@code aud} its tokens must carry</td><td>the first of {@code LOGTO_RESOURCES}</td></tr>
 * <tr><td>LOGTO_OIDC_CONNECTOR_TARGET</td><td>target of a Logto social connector (e.g. the OIDC connector that
 *     {@code ./provision} sets up): the home page offers "Continue with" it and {@code identities} is requested</td>
 *     <td>none</td></tr>
 * <tr><td>LOGTO_OIDC_CONNECTOR_NAME</td><td>the button's provider name</td><td>the target</td></tr>
 * <tr><td>LOGTO_OIDC_CONNECTOR_SIGN_IN</td><td>offer the connector for sign-in ("Continue with"); false for a
 *     connector enabled for linking only</td><td>true</td></tr>
 * <tr><td>LOGTO_OIDC_CONNECTOR_ID</td><td>the connector's id: {@code /account} offers linking it (Account API)</td>
 *     <td>none</td></tr>
 * <tr><td>LOGTO_OIDC_CONNECTOR_API_URL</td><td>the provider's API that {@code /account} calls with the token Logto
 *     stored (Secret Vault), e.g. its userinfo endpoint</td><td>none</td></tr>
 * </table>
 *
 * <p>The annotation in {@link com.example.logto.security.signin.LogtoAuthenticationDefinition} reads its values from
 * this bean through EL ({@code ${logtoConfig.issuer}}), so there is one source of configuration. A missing or
 * malformed value throws {@link IllegalStateException} naming the variable; {@link LogtoStartup} does that
 * at deployment so a bad setting stops the application before it serves a page.
 */
@Named("logtoConfig")
@ApplicationScoped
public class LogtoConfig {

    /** The scopes {@code @logto/next} always sends ({@code withReservedScopes}). */
    public static final List<String> RESERVED_SCOPES = List.of("openid", "profile", "offline_access");

    /**
     * Logto's OIDC scopes (discovery's {@code scopes_supported}, docs/logto.md §1). Any other entry of
     * {@code LOGTO_SCOPES} is an API scope: Soteria would refuse it, so it is sent with the API indicators instead.
     */
    static final Set<String> OIDC_SCOPES = Set.of("openid", "offline_access", "profile", "email", "phone", "address",
            "custom_data", "identities", "roles", "urn:logto:scope:organizations",
            "urn:logto:scope:organization_roles", "urn:logto:scope:sessions", "urn:logto:scope:trusted_devices");

    /** The routes of {@code @logto/next}'s {@code handleAuthRoutes}, relative to the base URL. */
    public static final String SIGN_IN_PATH = "/api/logto/sign-in";
    public static final String SIGN_UP_PATH = "/api/logto/sign-up";
    public static final String CALLBACK_PATH = "/api/logto/sign-in-callback";
    public static final String SIGN_OUT_PATH = "/api/logto/sign-out";
    public static final String USER_PATH = "/api/logto/user";
    public static final String BACK_CHANNEL_LOGOUT_PATH = "/api/logto/backchannel-logout";
    /** The account page and the route the provider returns to when the user links an account there. */
    public static final String ACCOUNT_PATH = "/account";
    public static final String LINK_CALLBACK_PATH = "/account/link-callback";

    /**
     * Tokens are refreshed when they expire within this time (Soteria's {@code tokenMinValidity} default), so a
     * request never goes out with a token that lapses on the way.
     */
    public static final Duration TOKEN_MIN_VALIDITY = Duration.ofSeconds(10);

    /**
     * After a refresh that could not reach Logto, the session's next attempt waits this long, twice as long after
     * each further failure, up to {@link #REFRESH_RETRY_MAX}: while Logto is slow or down, each signed-in session
     * sends it one request per interval, and only that request waits for the call's timeout (5 s).
     */
    public static final Duration REFRESH_RETRY_FIRST = Duration.ofSeconds(5);
    public static final Duration REFRESH_RETRY_MAX = Duration.ofMinutes(2);

    /**
     * How long a request waits for another request of its session to finish renewing the tokens before it goes on
     * with the tokens it has: enough for Logto's usual answer, never the length of a slow call.
     */
    public static final Duration REFRESH_LOCK_WAIT = Duration.ofMillis(250);

    /**
     * How long a request for an API token waits for another token request of its session: it has no token to go on
     * with, and the request under way ends within its 5 s timeout.
     */
    public static final Duration API_TOKEN_LOCK_WAIT = Duration.ofSeconds(6);

    /** Logto's reserved indicator of the organization template (RFC 0001), whose permissions organization tokens carry. */
    public static final String ORGANIZATION_RESOURCE = "urn:logto:resource:organizations";
    static final String ORGANIZATIONS_SCOPE = "urn:logto:scope:organizations";

    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"); // RFC 6749 3.3
    /** A connector target usable in {@code direct_sign_in=social:<target>} (the sign-in route checks the same). */
    private static final Pattern CONNECTOR_TARGET = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DISPLAY_NAME = Pattern.compile("[^\\p{Cntrl}]{1,64}");

    private String endpoint;
    private String appId;
    private String appSecret;
    private String baseUrl;
    private String scope;
    private List<String> apiScopes;
    private boolean cookieSecure;
    private List<String> resources;
    private List<String> authorizationResources;
    private String apiResource;
    private String connectorTarget;
    private String connectorName;
    private boolean connectorSignIn;
    private String connectorId;
    private String connectorApiUrl;

    @PostConstruct
    void load() {
        Config config = ConfigProvider.getConfig();
        load(property -> config.getOptionalValue(property, String.class));
    }

    /** Reads every setting from {@code settings} (property name to value); the unit tests feed a map. */
    void load(Function<String, Optional<String>> settings) {
        endpoint = httpUrl(settings, "LOGTO_ENDPOINT", "logto.endpoint", null,
                "set it to your tenant's endpoint, e.g. https://your-tenant.logto.app");
        appId = required(settings, "LOGTO_APP_ID", "logto.app-id",
                "copy the App ID of your \"Traditional web\" application from the Logto Console");
        if (appId.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("LOGTO_APP_ID", "contains white space", "copy the App ID exactly as the Console shows it");
        }
        appSecret = required(settings, "LOGTO_APP_SECRET", "logto.app-secret",
                "copy an App secret of the same application from the Logto Console");
        baseUrl = httpUrl(settings, "LOGTO_BASE_URL", "logto.base-url", "http://localhost:8080",
                "set it to the public URL users open, e.g. https://app.example.com");
        connector(settings);
        linking(settings);
        Set<String> scopes = scopes(settings.apply("logto.scopes").orElse(""));
        if (connectorTarget != null) {
            scopes.add("identities"); // userinfo's identities claim: the account linked at the connector
        }
        apiScopes = scopes.stream().filter(s -> !OIDC_SCOPES.contains(s)).toList();
        scopes.removeAll(apiScopes);
        scope = String.join(" ", scopes);
        cookieSecure = flag(settings, "LOGTO_COOKIE_SECURE", "logto.cookie-secure", baseUrl.startsWith("https:"));
        resources = ResourceIndicators.parse("LOGTO_RESOURCES", settings.apply("logto.resources").orElse(""));
        authorizationResources = scopes.contains(ORGANIZATIONS_SCOPE) && !resources.contains(ORGANIZATION_RESOURCE)
                ? Stream.concat(resources.stream(), Stream.of(ORGANIZATION_RESOURCE)).toList()
                : resources;
        List<String> api = ResourceIndicators.parse("LOGTO_API_RESOURCE",
                settings.apply("logto.api-resource").orElse(""));
        apiResource = api.isEmpty() ? (resources.isEmpty() ? null : resources.get(0)) : api.get(0);
    }

    /** The issuer and discovery base: Logto serves OIDC under {@code <endpoint>/oidc}. */
    public String getIssuer() {
        return endpoint + "/oidc";
    }

    public String getEndpoint() {
        return endpoint;
    }

    public String getAppId() {
        return appId;
    }

    /** For the token, revocation and Soteria calls only; never log or render it. */
    public String getAppSecret() {
        return appSecret;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /** Register exactly this as a Redirect URI in Logto: it is matched character for character. */
    public String getRedirectUri() {
        return baseUrl + CALLBACK_PATH;
    }

    /** Register exactly this as a Post sign-out redirect URI in Logto (trailing slash included). */
    public String getPostSignOutRedirectUri() {
        return baseUrl + "/";
    }

    /** Space separated: the reserved scopes followed by the OIDC scopes of {@code LOGTO_SCOPES}; for Soteria. */
    public String getScope() {
        return scope;
    }

    /** The API scopes of {@code LOGTO_SCOPES} (e.g. {@code read:orders}), requested with {@link #getResources()}. */
    public List<String> getApiScopes() {
        return apiScopes;
    }

    public boolean isCookieSecure() {
        return cookieSecure;
    }

    /** The API indicators of {@code LOGTO_RESOURCES}, in order; empty when none are configured. */
    public List<String> getResources() {
        return resources;
    }

    /**
     * The indicators every authorization request names: {@link #getResources()}, plus
     * {@link #ORGANIZATION_RESOURCE} with the scope {@code urn:logto:scope:organizations}, as {@code @logto/next}'s
     * {@code normalizeLogtoConfig} adds it. Logto grants organization permissions (e.g. {@code read:org-orders}
     * in {@code LOGTO_SCOPES}) only for that resource; without it organization tokens carry no scope
     * (oidc-provider {@code combinedScope}, logto {@code grants/refresh-token.ts}).
     */
    public List<String> getAuthorizationResources() {
        return authorizationResources;
    }

    /** The audience the sample API ({@code /api/orders}) requires, or {@code null} when no API is configured. */
    public String getApiResource() {
        return apiResource;
    }

    /** Register exactly this as the Back-channel logout URI in Logto. */
    public String getBackChannelLogoutUri() {
        return baseUrl + BACK_CHANNEL_LOGOUT_PATH;
    }

    /** Soteria's JWKS timeouts default to 500 ms, too tight for a remote tenant (docs/soteria.md §5). */
    public int getJwksTimeoutMillis() {
        return 5000;
    }

    /** The target of the social connector offered on the home page, or null when none is configured. */
    public String getOidcConnectorTarget() {
        return connectorTarget;
    }

    /** The provider name on the "Continue with" button. */
    public String getOidcConnectorName() {
        return connectorName;
    }

    /**
     * Straight to the connector's provider: Logto skips its own sign-in page (docs/logto.md §5, direct_sign_in).
     * {@code null} for a connector offered for linking only: Logto's direct sign-in knows only the connectors of
     * the sign-in experience and would fall back to its own page.
     */
    public String getOidcConnectorSignInPath() {
        return connectorTarget == null || !connectorSignIn ? null
                : SIGN_IN_PATH + "?direct_sign_in=social:" + connectorTarget;
    }

    // Account Center (Logto's Account API) ----------------------------------------------------------------

    /** Whether {@code /account} offers linking the connector: its id is configured. */
    public boolean isAccountCenter() {
        return connectorId != null;
    }

    /** The connector's id, which {@code POST /api/verifications/social} needs (the target names the identity). */
    public String getOidcConnectorId() {
        return connectorId;
    }

    /** The provider API that {@code /account} calls with the stored provider token, or {@code null}. */
    public String getOidcConnectorApiUrl() {
        return connectorApiUrl;
    }

    /** Register exactly this as a redirect URI at the upstream provider's client, next to Logto's callback. */
    public String getLinkCallbackUri() {
        return baseUrl + LINK_CALLBACK_PATH;
    }

    private void linking(Function<String, Optional<String>> settings) {
        connectorSignIn = flag(settings, "LOGTO_OIDC_CONNECTOR_SIGN_IN", "logto.oidc-connector-sign-in", true);
        connectorId = settings.apply("logto.oidc-connector-id").map(String::trim).filter(v -> !v.isEmpty())
                .orElse(null);
        connectorApiUrl = settings.apply("logto.oidc-connector-api-url").map(String::trim).filter(v -> !v.isEmpty())
                .orElse(null);
        if (connectorId != null && connectorTarget == null) {
            throw invalid("LOGTO_OIDC_CONNECTOR_ID", "is set but LOGTO_OIDC_CONNECTOR_TARGET is not",
                    "set the target too: linked identities are keyed by it");
        }
        if (connectorId != null && !CONNECTOR_TARGET.matcher(connectorId).matches()) {
            throw invalid("LOGTO_OIDC_CONNECTOR_ID", "is not a connector id: \"" + connectorId + "\"",
                    "copy the id from the connector's page in the Logto Console (./provision prints it)");
        }
        if (connectorApiUrl != null) {
            connectorApiUrl = httpUrl(settings, "LOGTO_OIDC_CONNECTOR_API_URL", "logto.oidc-connector-api-url",
                    null, "set it to an https URL of the provider's API, e.g. its userinfo endpoint");
        }
    }

    @Override
    public String toString() {
        return "LogtoConfig[issuer=" + getIssuer() + ", appId=" + appId + ", baseUrl=" + baseUrl
                + ", scope=" + scope + ", cookieSecure=" + cookieSecure + ", resources=" + resources
                + (connectorTarget == null ? "" : ", oidcConnectorTarget=" + connectorTarget) + "]";
    }

    // Helpers ---------------------------------------------------------------------------------------------

    private void connector(Function<String, Optional<String>> settings) {
        connectorTarget = settings.apply("logto.oidc-connector-target").map(String::trim).filter(v -> !v.isEmpty())
                .orElse(null);
        connectorName = settings.apply("logto.oidc-connector-name").map(String::trim).filter(v -> !v.isEmpty())
                .orElse(connectorTarget);
        if (connectorTarget == null) {
            if (connectorName != null) {
                throw new IllegalStateException("LOGTO_OIDC_CONNECTOR_NAME is set but LOGTO_OIDC_CONNECTOR_TARGET is "
                        + "not: set the target too (metadata.target of the connector), or unset the name.");
            }
            return;
        }
        if (!CONNECTOR_TARGET.matcher(connectorTarget).matches()) {
            throw invalid("LOGTO_OIDC_CONNECTOR_TARGET", "is not a connector target: \"" + connectorTarget + "\"",
                    "use the connector's target as shown in the Logto Console, e.g. acme-sso (letters, digits, . _ -)");
        }
        if (!DISPLAY_NAME.matcher(connectorName).matches()) {
            throw invalid("LOGTO_OIDC_CONNECTOR_NAME", "must be 1-64 printable characters",
                    "use the provider's name as users know it, e.g. Acme SSO");
        }
    }

    private static Set<String> scopes(String extra) {
        Set<String> scopes = new LinkedHashSet<>(RESERVED_SCOPES);
        for (String token : extra.trim().split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw invalid("LOGTO_SCOPES", "has an invalid scope \"" + token + "\"",
                        "list scopes separated by spaces, e.g. \"email roles\"");
            }
            scopes.add(token);
        }
        return scopes;
    }

    private static String required(Function<String, Optional<String>> settings, String variable, String property,
            String hint) {
        Optional<String> value = settings.apply(property).map(String::trim)
                .filter(v -> !v.isEmpty());
        return value.orElseThrow(() -> new IllegalStateException(variable + " is not set: " + hint + "."));
    }

    private static String httpUrl(Function<String, Optional<String>> settings, String variable, String property,
            String fallback, String hint) {
        String value = settings.apply(property).map(String::trim).filter(v -> !v.isEmpty())
                .orElse(fallback);
        if (value == null) {
            throw new IllegalStateException(variable + " is not set: " + hint + ".");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw invalid(variable, "is not a URL: \"" + value + "\"", hint);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(variable, "must be an http(s) URL without query or fragment: \"" + value + "\"", hint);
        }
        return value.replaceAll("/+$", "");
    }

    private static boolean flag(Function<String, Optional<String>> settings, String variable, String property,
            boolean fallback) {
        String value = settings.apply(property).map(String::trim).orElse("");
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(variable, "must be true or false, not \"" + value + "\"", "set it to true behind https");
    }

    private static IllegalStateException invalid(String variable, String problem, String hint) {
        return new IllegalStateException(variable + " " + problem + ": " + hint + ".");
    }
}
