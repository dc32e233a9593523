package com.example.logto.devprovider;

import java.util.List;
import java.util.Map;

/**
 * The Account Center in development mode ({@code mvn -Prun} without a tenant): a second provider plays the
 * upstream OpenID provider that Logto's OIDC connector links (http://127.0.0.1 on a free port, a host apart from the
 * development Logto's "localhost" because both keep a session cookie on path /oidc and cookies are per host), and
 * the development Logto gets the connector, token storage and an enabled Account Center. The connector is offered
 * for linking only, so the home page shows no "Continue with" for it.
 */
final class DevUpstream {

    static final String CONNECTOR_ID = "dev-oidc-connector";
    static final String TARGET = "dev-upstream";
    private static final String CLIENT_ID = "dev-logto-connector";

    private DevUpstream() {
    }

    /** The upstream provider, with Logto's connector registered for the app's link callback. */
    static LogtoDevProvider start(String baseUrl) {
        // A free port: nothing to choose or to collide with (the run prints it), unlike the development Logto's.
        return LogtoDevProvider.builder().host("127.0.0.1").port(0)
                .client(CLIENT_ID, "dev-connector-secret", List.of(baseUrl + "/account/link-callback"), List.of())
                .build().start();
    }

    /** Adds the connector and the Account Center to the development Logto, and the app's settings to {@code env}. */
    static LogtoDevProvider.Builder connect(LogtoDevProvider.Builder logto, LogtoDevProvider upstream,
            Map<String, String> env) {
        env.putIfAbsent("LOGTO_OIDC_CONNECTOR_TARGET", TARGET);
        env.putIfAbsent("LOGTO_OIDC_CONNECTOR_NAME", "Upstream OIDC");
        env.putIfAbsent("LOGTO_OIDC_CONNECTOR_ID", CONNECTOR_ID);
        env.putIfAbsent("LOGTO_OIDC_CONNECTOR_SIGN_IN", "false");
        env.putIfAbsent("LOGTO_OIDC_CONNECTOR_API_URL", upstream.issuer() + "/me");
        return logto.socialConnector(CONNECTOR_ID, TARGET, upstream.issuer(), CLIENT_ID, "dev-connector-secret", true)
                .accountCenter(true, Map.of("social", "Edit", "password", "ReadOnly"));
    }
}
