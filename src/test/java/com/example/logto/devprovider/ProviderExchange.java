package com.example.logto.devprovider;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP plumbing around one {@link HttpExchange}: parameters, cookies and the response shapes Logto uses.
 * Endpoints read {@link #params()} (query for GET, form body for POST, as oidc-provider does) and throw
 * {@link OidcError} for protocol errors.
 */
final class ProviderExchange {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpExchange http;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> form;
    private boolean responded;

    ProviderExchange(HttpExchange http) throws IOException {
        this.http = http;
        this.query = parseForm(http.getRequestURI().getRawQuery());
        String type = http.getRequestHeaders().getFirst("Content-Type");
        boolean isForm = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        this.form = isForm ? parseForm(readBody(http.getRequestBody())) : Map.of();
    }

    String method() {
        return http.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    String path() {
        return http.getRequestURI().getPath();
    }

    /** Query merged with the form body, for the request log. */
    Map<String, List<String>> allParams() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        query.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        form.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return all;
    }

    /** The protocol parameters of this request: the form body of a POST, else the query string. */
    Map<String, List<String>> params() {
        return method().equals("POST") ? form : query;
    }

    /**
     * A single-valued parameter, {@code null} when absent or empty.
     *
     * @throws OidcError invalid_request when repeated (oidc-provider {@code reject_dupes.js})
     */
    String param(String name) {
        List<String> values = params().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OidcError.invalidRequest("'" + name + "' parameter must not be provided twice");
        }
        return values.get(0).isEmpty() ? null : values.get(0);
    }

    /**
     * The request body parsed as a JSON object, for Logto's management-style APIs ({@code /api/...}); an empty map
     * for an empty body.
     *
     * @throws IllegalArgumentException when the body is not a JSON object
     */
    Map<String, Object> jsonBody() throws IOException {
        String body = readBody(http.getRequestBody());
        if (body.isBlank()) {
            return Map.of();
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("the body is not a JSON object", e);
        }
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    Map<String, List<String>> headers() {
        return http.getRequestHeaders();
    }

    Optional<String> cookie(String name) {
        for (String header : http.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = unquote(pair.substring(eq + 1).trim());
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    /** Java's {@code CookieManager} quotes RFC 2965 cookie values. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    void addHeader(String name, String value) {
        http.getResponseHeaders().add(name, value);
    }

    /** {@code Cache-Control: no-store}: oidc-provider's {@code no_cache.js} middleware on every token-bearing response. */
    void noStore() {
        setHeader("Cache-Control", "no-store");
    }

    boolean responded() {
        return responded;
    }

    void json(int status, Map<String, ?> body) throws IOException {
        @SuppressWarnings("unchecked")
        String text = JSONObjectUtils.toJSONString((Map<String, Object>) body);
        json(status, text);
    }

    void json(int status, String serialized) throws IOException {
        send(status, "application/json; charset=utf-8", serialized);
    }

    void html(int status, String page) throws IOException {
        setHeader("X-Content-Type-Options", "nosniff");
        setHeader("X-Frame-Options", "DENY");
        if (http.getResponseHeaders().getFirst("Cache-Control") == null) {
            noStore();
        }
        send(status, "text/html; charset=utf-8", page);
    }

    void redirect(String location) throws IOException {
        setHeader("Location", location);
        send(303, null, "");
    }

    void empty(int status) throws IOException {
        send(status, null, "");
    }

    private void send(int status, String contentType, String body) throws IOException {
        responded = true;
        if (contentType != null) {
            setHeader("Content-Type", contentType);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code uri} plus form-encoded parameters, as {@code URL.searchParams.set} does in oidc-provider. */
    static String withQuery(String uri, Map<String, String> params) {
        StringBuilder result = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() != null) {
                result.append(separator).append(formEncode(e.getKey())).append('=').append(formEncode(e.getValue()));
                separator = '&';
            }
        }
        return result.toString();
    }

    static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String formDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * An oidc-provider error ({@code helpers/errors.js}) rendered the way Logto renders it: the OAuth
     * {@code error}/{@code error_description} pair plus Logto's {@code code} and {@code message}
     * (logto {@code middleware/koa-oidc-error-handler.ts}, phrases {@code en/errors/oidc.ts}).
     */
    static final class OidcError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final Map<String, String> MESSAGES = Map.of(
                "invalid_token", "Invalid token provided.",
                "invalid_request", "Request is invalid.",
                "invalid_grant", "Grant request is invalid.",
                "invalid_redirect_uri", "`redirect_uri` did not match any of the client's registered `redirect_uris`.",
                "access_denied", "Access denied.",
                "unsupported_grant_type", "Unsupported `grant_type` requested.",
                "unsupported_response_mode", "Unsupported `response_mode` requested.",
                "unsupported_response_type", "Unsupported `response_type` requested.",
                "server_error", "An unknown OIDC error occurred. Please try again later.");

        final int status;
        final String error;
        final String description;

        OidcError(int status, String error, String description) {
            super(error + ": " + description, null, false, false);
            this.status = status;
            this.error = error;
            this.description = description;
        }

        static OidcError invalidRequest(String description) {
            return new OidcError(400, "invalid_request", description);
        }

        static OidcError invalidGrant() {
            return new OidcError(400, "invalid_grant", "grant request is invalid");
        }

        static OidcError invalidClient() {
            return new OidcError(401, "invalid_client", "client authentication failed");
        }

        static OidcError missing(String param) {
            return invalidRequest("missing required parameter '" + param + "'");
        }

        Map<String, Object> body() {
            String code = "oidc." + error;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", code);
            body.put("message", error.equals("invalid_scope") ? "Invalid scope: " + description + "."
                    : MESSAGES.getOrDefault(error, "An OIDC error occurred: " + code + "."));
            if (error.equals("invalid_grant")) {
                body.put("error_uri", "https://openid.sh/debug/invalid_grant");
            }
            body.put("error", error);
            body.put("error_description", description);
            return body;
        }
    }
}
