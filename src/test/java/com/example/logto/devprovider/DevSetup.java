package com.example.logto.devprovider;

import java.util.List;
import java.util.Map;

/**
 * The zero-account tenant of {@code mvn -Prun} ({@link DevServer}), set up so that a first run shows every feature
 * of the sample: one Traditional web application, the sample's API ({@code /api/orders}), and Logto's organization
 * template with the permissions of the organization API ({@code /api/organizations/<id>/orders}) in two roles, and
 * two example organizations that whoever signs in joins (the login page's "Organizations" field, pre-filled with
 * {@link #MEMBERSHIPS}). Only {@code mvn -Prun} uses it: the WAR knows nothing of it.
 */
final class DevSetup {

    /** The application's id at the development provider. */
    static final String APP_ID = "dev-app";

    /** The sample API's indicator at the development provider: every user may read orders, admins may write. */
    static final String ORDERS_API = "https://orders.example.com/api";

    /**
     * {@code LOGTO_SCOPES} for the development provider: the WAR's default ({@code email roles}) plus the
     * organizations and organization roles claims and the organization API's permissions, which Logto grants
     * organization tokens only when the sign-in asked for them (README "Organizations").
     */
    static final String SCOPES = "email roles urn:logto:scope:organizations urn:logto:scope:organization_roles"
            + " read:org-orders write:org-orders";

    /**
     * What the login page pre-fills: a manager may read and write an organization's orders, a viewer only read,
     * so the two organizations show both answers of the organization API.
     */
    static final String MEMBERSHIPS = "org-acme: manager; org-globex: viewer";

    /** The provider's port setting, as a system property and as an environment variable; Logto's own port by default. */
    static final String PORT_PROPERTY = "logto.dev.port";
    static final String PORT_VARIABLE = "LOGTO_DEV_PORT";
    static final int DEFAULT_PORT = 3001;

    private DevSetup() {
    }

    /** The provider for the app at {@code baseUrl} (no trailing slash), listening on {@code port} of localhost. */
    static LogtoDevProvider.Builder provider(String baseUrl, int port, String secret) {
        return LogtoDevProvider.builder().host("localhost").port(port)
                .client(APP_ID, secret, List.of(baseUrl + "/api/logto/sign-in-callback"), List.of(baseUrl + "/"))
                .apiResource(ORDERS_API, Map.of("*", List.of("read:orders"), "admin", List.of("write:orders")))
                .organizationRole("manager", List.of("read:org-orders", "write:org-orders"))
                .organizationRole("viewer", List.of("read:org-orders"))
                .organization("org-acme", "Acme", Map.of())
                .organization("org-globex", "Globex", Map.of())
                .organizationsAtSignIn(MEMBERSHIPS)
                .backChannelLogoutUri(APP_ID, baseUrl + "/api/logto/backchannel-logout");
    }

    /**
     * The port from {@code -Dlogto.dev.port}, else {@code LOGTO_DEV_PORT}, else 3001 (the system property wins, as in
     * MicroProfile Config); 0 picks a free one.
     *
     * @throws IllegalArgumentException with a one-line message naming the setting, for anything but 0..65535
     */
    static int port(String property, String variable) {
        String value = property != null ? property : variable;
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the setting's name
        }
        throw new IllegalArgumentException(PORT_VARIABLE + " (-D" + PORT_PROPERTY + ") must be a port number from 0"
                + " to 65535 (0 picks a free one), not \"" + value + "\"");
    }
}
