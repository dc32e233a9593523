package com.example.logto.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser's authorization-code round trip, hop by hop, with cookies kept per sign-in (so one shared
 * {@link HttpClient} serves many virtual users): app sign-in route, Logto's login form, the form post, the
 * app's callback (timed on its own: code exchange + ID-token validation), and the landing page.
 */
final class SignInClient {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    /** A finished sign-in: its times and the session cookie that now carries the signed-in user. */
    record Result(long totalNanos, long callbackNanos, String sessionCookie) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    SignInClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Result signIn(String username) throws IOException, InterruptedException {
        return signIn(username, "");
    }

    /** Signs in {@code username} with Logto roles (comma separated, may be empty). */
    Result signIn(String username, String roles) throws IOException, InterruptedException {
        Map<String, String> app = new HashMap<>();
        Map<String, String> provider = new HashMap<>();
        long started = System.nanoTime();
        HttpResponse<String> start = send(get(baseUrl + "/api/logto/sign-in", app), app, 302);
        String authorize = location(start);
        HttpResponse<String> loginPage = send(get(authorize, provider), provider, 200);
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (!action.find()) {
            throw new IOException("no login form at " + authorize);
        }
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&roles="
                + URLEncoder.encode(roles, StandardCharsets.UTF_8);
        HttpResponse<String> submitted = send(withCookies(HttpRequest.newBuilder(
                URI.create(authorize).resolve(action.group(1).replace("&amp;", "&"))), provider)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), provider, 303);
        long callbackStarted = System.nanoTime();
        HttpResponse<String> callback = send(get(location(submitted), app), app, 303);
        long callbackNanos = System.nanoTime() - callbackStarted;
        HttpResponse<String> landing = send(get(URI.create(baseUrl).resolve(location(callback)).toString(), app), app, 200);
        if (!landing.body().contains("Hello, ")) {
            throw new IOException("landing page does not greet the user");
        }
        return new Result(System.nanoTime() - started, callbackNanos, app.get("JSESSIONID"));
    }

    /** The body of a GET with the given session cookie (null for none). */
    String get(String url, String sessionCookie) throws IOException, InterruptedException {
        Map<String, String> cookies = sessionCookie == null ? Map.of() : Map.of("JSESSIONID", sessionCookie);
        return http.send(get(url, cookies), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> send(HttpRequest request, Map<String, String> jar, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String[] pair = header.split(";", 2)[0].split("=", 2);
            jar.put(pair[0].trim(), pair.length > 1 ? pair[1].trim() : "");
        }
        if (response.statusCode() != expected) {
            throw new IOException(request.uri().getPath() + " answered " + response.statusCode() + ", expected " + expected);
        }
        return response;
    }

    private static HttpRequest get(String url, Map<String, String> cookies) {
        return withCookies(HttpRequest.newBuilder(URI.create(url)), cookies).GET().build();
    }

    private static HttpRequest.Builder withCookies(HttpRequest.Builder request, Map<String, String> cookies) {
        request.timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            request.header("Cookie", header.toString());
        }
        return request;
    }

    private static String location(HttpResponse<?> response) throws IOException {
        List<String> location = response.headers().allValues("Location");
        if (location.isEmpty()) {
            throw new IOException("no Location from " + response.uri().getPath());
        }
        return location.get(0);
    }
}
