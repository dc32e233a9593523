package com.example.logto.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A user agent without a browser: keeps cookies like one, but follows redirects only when asked, so tests can
 * look at every hop of the sign-in flow. Signs in by posting the provider's login form.
 */
public final class HttpUser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern HIDDEN_INPUT = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

    private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;

    public HttpUser() {
        this(HttpClient.newBuilder());
    }

    /** A user agent that reaches the app over TLS and trusts what {@code tls} trusts (see {@link TlsProxy}). */
    public HttpUser(SSLContext tls) {
        this(HttpClient.newBuilder().sslContext(tls));
    }

    private HttpUser(HttpClient.Builder builder) {
        // HTTP/1.1 as browsers speak it to an http:// origin (the JDK's default would offer an h2c upgrade).
        client = builder.version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String url, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** Follows {@code Location} headers (as GETs) until a response is not a redirect. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        for (int hops = 0; isRedirect(response) && hops < 10; hops++) {
            response = get(response.uri().resolve(location(response)).toString());
        }
        return response;
    }

    /** Signs in through the app's sign-in route; returns the last response (the landing page). */
    public HttpResponse<String> signIn(String username, String roles) {
        return follow(submitLogin(follow(get(SampleApp.url("/api/logto/sign-in"))), username, roles));
    }

    /**
     * {@link #signIn}, repeated while the app answers 503 because it may not fetch the provider's keys again yet
     * ({@link SampleApp#KEY_FETCH_WINDOW}), until the rate limit's window has passed. A 503 that outlasts the window
     * is returned as {@link #signIn} gives it. A repeated
     * sign-in finds the provider's session of the first one and so no login form.
     */
    public HttpResponse<String> signInOnceKeysCanBeFetched(String username, String roles) {
        long deadline = System.nanoTime() + SampleApp.KEY_FETCH_WINDOW.plusSeconds(15).toNanos();
        HttpResponse<String> landing = signIn(username, roles);
        while (landing.statusCode() == 503 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return landing;
            }
            HttpResponse<String> page = follow(get(SampleApp.url("/api/logto/sign-in")));
            landing = page.uri().toString().startsWith(SampleApp.BASE_URL) ? page
                    : follow(submitLogin(page, username, roles));
        }
        return landing;
    }

    /** Posts the provider's login form shown in {@code loginPage}; returns the provider's redirect, not followed. */
    public HttpResponse<String> submitLogin(HttpResponse<String> loginPage, String username, String roles) {
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (!action.find()) {
            throw new AssertionError("No login form in " + loginPage.uri() + ":\n" + loginPage.body());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("roles", roles);
        return post(loginPage.uri().resolve(action.group(1).replace("&amp;", "&")).toString(), form);
    }

    /**
     * What an auto-submitting page's script does, e.g. Logto's sign-out page ({@code op.logoutForm}): posts the
     * hidden fields of its form; returns the answer, not followed.
     */
    public HttpResponse<String> submitHiddenForm(HttpResponse<String> page) {
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new AssertionError("No form in " + page.uri() + ":\n" + page.body());
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (Matcher hidden = HIDDEN_INPUT.matcher(page.body()); hidden.find(); ) {
            form.put(hidden.group(1), hidden.group(2));
        }
        return post(page.uri().resolve(action.group(1)).toString(), form);
    }

    public static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent();
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header"));
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    /** Forgets every cookie: the next request comes from a "new browser". */
    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    /** How many requests this user agent has sent. */
    public int requestCount() {
        return sent.get();
    }

    private HttpResponse<String> send(HttpRequest request) {
        sent.incrementAndGet();
        try {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!request.method().equals("GET")) {
                    throw e;
                }
                // As a browser does: a GET that failed on a kept-alive connection the server had just closed is
                // sent once more (RFC 9110 9.3.1: GET is safe to repeat).
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
