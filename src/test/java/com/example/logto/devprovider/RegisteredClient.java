package com.example.logto.devprovider;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Logto "Traditional web" application: confidential, {@code client_secret_basic} registered (post accepted
 * too), grant types {@code authorization_code} and {@code refresh_token}, response type {@code code}
 * (logto {@code oidc/utils.ts} {@code getConstantClientMetadata}).
 *
 * <p>Redirect URIs match the way Logto matches them: {@code new URL(registered).href === new URL(requested).href},
 * an exact match after URL normalization, with no loopback-port leniency for web apps
 * (logto {@code oidc/redirect-uri/index.ts}). Wildcard registrations are not supported here.
 */
record RegisteredClient(String clientId, String secret, List<String> redirectUris,
                        List<String> postLogoutRedirectUris) {

    RegisteredClient {
        requireText(clientId, "client id");
        requireText(secret, "client secret");
        redirectUris = List.copyOf(Objects.requireNonNull(redirectUris, "redirect URIs"));
        postLogoutRedirectUris = List.copyOf(Objects.requireNonNull(postLogoutRedirectUris, "post sign-out redirect URIs"));
        if (redirectUris.isEmpty()) {
            throw new IllegalArgumentException("Client '" + clientId + "' needs at least one redirect URI, e.g. "
                    + "http://127.0.0.1:8080/api/logto/sign-in-callback");
        }
        for (String uri : redirectUris) {
            requireUrl(uri, "redirect URI");
        }
        for (String uri : postLogoutRedirectUris) {
            requireUrl(uri, "post sign-out redirect URI");
        }
    }

    boolean secretMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    boolean redirectUriAllowed(String uri) {
        return matchesAny(uri, redirectUris);
    }

    boolean postLogoutRedirectUriAllowed(String uri) {
        return matchesAny(uri, postLogoutRedirectUris);
    }

    /** The redirect URI to use when the request omits it: oidc-provider allows that for a single registration. */
    Optional<String> soleRedirectUri() {
        return redirectUris.size() == 1 ? Optional.of(redirectUris.get(0)) : Optional.empty();
    }

    /**
     * WHATWG-style normalization as far as {@code URL.href} goes for registered URIs: lower-case scheme and
     * host, default port dropped, empty path becomes {@code /}, dot segments resolved. Empty when the value is
     * not an absolute URL.
     */
    static Optional<String> normalize(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.isOpaque()) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.of(uri.normalize().toString());
            }
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) {
                port = -1;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String href = scheme + "://"
                    + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                    + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port) + path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
            return Optional.of(new URI(href).normalize().toString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean matchesAny(String uri, List<String> registered) {
        Optional<String> requested = normalize(uri);
        if (requested.isEmpty()) {
            return false;
        }
        Set<String> allowed = registered.stream().map(r -> normalize(r).orElseThrow()).collect(Collectors.toSet());
        return allowed.contains(requested.get());
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The " + what + " is empty: pass the values of a Logto application, "
                    + "e.g. client(\"app-id\", \"app-secret\", redirectUris, postLogoutRedirectUris)");
        }
    }

    private static void requireUrl(String uri, String what) {
        if (normalize(uri).isEmpty()) {
            throw new IllegalArgumentException("The " + what + " '" + uri + "' is not an absolute URL, "
                    + "e.g. http://127.0.0.1:8080/api/logto/sign-in-callback");
        }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "RegisteredClient[clientId=" + clientId + ", redirectUris=" + redirectUris
                + ", postLogoutRedirectUris=" + postLogoutRedirectUris + "]";
    }
}
