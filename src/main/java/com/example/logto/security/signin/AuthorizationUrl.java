package com.example.logto.security.signin;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Adds API access to Soteria's authorization request: a {@code resource} parameter per API indicator
 * ({@code LOGTO_RESOURCES}) and the API scopes ({@code LOGTO_SCOPES} entries that are not OIDC scopes) in
 * {@code scope}, as {@code @logto/next} sends them.
 *
 * <p>Logto grants an API scope only if the authorization request asked for it together with the API's
 * indicator; the refresh grant for a resource token can then narrow, never widen, the grant (docs/logto.md §5).
 * Soteria cannot send them itself: it refuses any scope missing from discovery's {@code scopes_supported}, which
 * API scopes never are (docs/logto.md §11.3), so they are added to its redirect instead.
 *
 * <pre>
 * withApiAccess("https://t/oidc/auth?scope=openid+profile&amp;state=x", List.of("https://api"), List.of("read:x"))
 *   = "https://t/oidc/auth?scope=openid+profile+read%3Ax&amp;state=x&amp;resource=https%3A%2F%2Fapi"
 * </pre>
 */
final class AuthorizationUrl {

    private AuthorizationUrl() {
    }

    static String withApiAccess(String url, List<String> resources, List<String> apiScopes) {
        StringBuilder result = new StringBuilder(url);
        if (!apiScopes.isEmpty()) {
            int scope = parameterEnd(url, "scope");
            if (scope >= 0) {
                StringBuilder added = new StringBuilder();
                apiScopes.forEach(s -> added.append('+').append(URLEncoder.encode(s, StandardCharsets.UTF_8)));
                result.insert(scope, added);
            }
        }
        for (String resource : resources) {
            result.append(result.indexOf("?") < 0 ? '?' : '&').append("resource=")
                    .append(URLEncoder.encode(resource, StandardCharsets.UTF_8));
        }
        return result.toString();
    }

    /** The decoded value of query parameter {@code name}, or {@code null} if the URL has none. */
    static String parameter(String url, String name) {
        int start = valueStart(url, name);
        return start < 0 ? null : URLDecoder.decode(url.substring(start, valueEnd(url, start)), StandardCharsets.UTF_8);
    }

    /** Where the value of query parameter {@code name} ends, or -1 if the URL has no such parameter. */
    private static int parameterEnd(String url, String name) {
        int start = valueStart(url, name);
        return start < 0 ? -1 : valueEnd(url, start);
    }

    /** Where the value of the first query parameter {@code name} starts, or -1. */
    private static int valueStart(String url, String name) {
        for (int at = url.indexOf('?'); at >= 0 && at < url.length(); at = url.indexOf('&', at + 1)) {
            if (url.startsWith(name + "=", at + 1)) {
                return at + 1 + name.length() + 1;
            }
        }
        return -1;
    }

    private static int valueEnd(String url, int start) {
        int end = url.indexOf('&', start);
        return end < 0 ? url.length() : end;
    }
}
