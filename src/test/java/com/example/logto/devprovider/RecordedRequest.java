package com.example.logto.devprovider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One HTTP request that reached {@link LogtoDevProvider}, as the provider saw it. Immutable.
 *
 * <pre>{@code
 * RecordedRequest token = provider.requests("/oidc/token").get(0);
 * assertEquals("authorization_code", token.param("grant_type"));
 * assertEquals(Optional.of("app-id"), token.authorizationBasic());
 * }</pre>
 *
 * {@link #params()} holds the query string merged with a form body (query first). Values are kept verbatim,
 * secrets included, so tests can assert on them; {@link #toString()} masks every credential and token.
 */
public final class RecordedRequest {

    private static final Set<String> SECRET_PARAMS = Set.of("client_secret", "code", "code_verifier",
            "refresh_token", "access_token", "token", "id_token_hint", "xsrf", "client_assertion");

    private final Instant receivedAt;
    private final String method;
    private final String path;
    private final Map<String, List<String>> params;
    private final Map<String, List<String>> headers;

    RecordedRequest(Instant receivedAt, String method, String path, Map<String, List<String>> params,
                    Map<String, List<String>> headers) {
        this.receivedAt = receivedAt;
        this.method = method;
        this.path = path;
        Map<String, List<String>> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, List.copyOf(v)));
        this.params = Collections.unmodifiableMap(p);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(h);
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** Upper-case HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** Decoded path without the query string, e.g. {@code /oidc/token}. */
    public String path() {
        return path;
    }

    /** Query and form parameters, in arrival order; unmodifiable. */
    public Map<String, List<String>> params() {
        return params;
    }

    /** First value of a query or form parameter, or {@code null}. */
    public String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** First value of a header (name case-insensitive), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All headers, names case-insensitive; unmodifiable. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The client_id sent with {@code Authorization: Basic} (client_secret_basic), form-decoded as RFC 6749
     * 2.3.1 requires. Empty when the request had no Basic credentials. The secret is never exposed here.
     */
    public Optional<String> authorizationBasic() {
        String authorization = header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(ProviderExchange.formDecode(decoded.substring(0, colon)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** e.g. {@code POST /oidc/token {grant_type=[refresh_token], refresh_token=[***]} basic=app-id}. */
    @Override
    public String toString() {
        String shown = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + (SECRET_PARAMS.contains(e.getKey().toLowerCase(Locale.ROOT))
                        ? e.getValue().stream().map(v -> "***").toList() : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return method + " " + path + " " + shown + authorizationBasic().map(id -> " basic=" + id).orElse("");
    }
}
