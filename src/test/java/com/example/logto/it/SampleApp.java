package com.example.logto.it;

import com.example.logto.devprovider.LogtoDevProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What every integration test shares: the WAR that {@code mvn package} built (deployed unchanged, as
 * {@code ROOT.war} so it serves at "/"), the app's base URL, and one Logto-shaped provider for the whole test
 * JVM. Ports, app id and secret come from failsafe's system properties (see pom.xml and arquillian.xml), the
 * same values Payara Micro receives as {@code logto.*} settings.
 */
public final class SampleApp {

    /** Access tokens live 15 s, so Soteria (tokenMinValidity 10 s) refreshes after 5 s: refresh is exercised. */
    public static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(15);

    /** The app's public URL: its direct port, or the TLS proxy's URL for {@code BehindTlsProxyIT} (pom.xml). */
    public static final String BASE_URL = System.getProperty("it.base.url");
    public static final String APP_ID = System.getProperty("it.app.id");
    public static final String CALLBACK = BASE_URL + "/api/logto/sign-in-callback";

    /**
     * How long the app may not fetch the provider's JWKS again after two fetches: its key source
     * ({@code ProviderKeys}, Nimbus' {@code JWKSourceBuilder}) limits them, on every server, as Soteria 4's does on
     * Payara 7: Nimbus' {@code JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL}, 30 s. Tests that rotate the
     * provider's key or take its JWKS away use those fetches up.
     */
    public static final Duration KEY_FETCH_WINDOW = Duration.ofSeconds(30);

    /** The API this app serves ({@code /api/orders}) and another one; both in {@code logto.resources} (arquillian.xml). */
    public static final String ORDERS_API = "https://orders.example.com/api";
    public static final String BILLING_API = "https://billing.example.com";

    /**
     * A second application at the same provider, as the user's other app: signing in there needs no login form
     * while the provider session lives, and signing out there ends that session for every app (back-channel).
     */
    public static final String OTHER_APP_ID = "it-other-app";
    public static final String OTHER_APP_CALLBACK = "https://other-app.example.com/callback";

    /**
     * Logto's OIDC connector for the Account Center tests ({@code AccountCenterIT}): id, target and the upstream
     * provider it signs in at. The upstream listens on "localhost", not 127.0.0.1: both providers set a session
     * cookie on path /oidc, and cookies are kept per host, not per port.
     */
    public static final String CONNECTOR_ID = "it-oidc-connector";
    public static final String CONNECTOR_TARGET = "acme-sso";
    public static final String LINK_CALLBACK = BASE_URL + "/account/link-callback";

    private static final HttpClient API_CLIENT = HttpClient.newHttpClient();
    private static LogtoDevProvider provider;
    private static LogtoDevProvider upstream;

    private SampleApp() {
    }

    /** The packaged WAR, exactly what users deploy. */
    public static WebArchive war() {
        provider(); // up before the app's first request
        File war = new File("target/logto-jakarta.war");
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }

    /** The provider, started on first use and stopped when the test JVM exits. */
    public static synchronized LogtoDevProvider provider() {
        if (provider == null) {
            provider = LogtoDevProvider.builder()
                    .host("127.0.0.1")
                    .port(Integer.parseInt(System.getProperty("it.provider.port")))
                    .client(APP_ID, System.getProperty("it.app.secret"), List.of(CALLBACK), List.of(BASE_URL + "/"))
                    .apiResource(ORDERS_API, Map.of("reader", List.of("read:orders"),
                            "admin", List.of("read:orders", "write:orders")))
                    .apiResource(BILLING_API, Map.of("admin", List.of("read:invoices")))
                    .client(OTHER_APP_ID, "other-secret", List.of(OTHER_APP_CALLBACK),
                            List.of("https://other-app.example.com/"))
                    .organization("org-acme", "Acme", Map.of("zoe", List.of("manager", "billing")))
                    .organization("org-globex", "Globex", Map.of("zoe", List.of("viewer"), "abe", List.of("viewer")))
                    .organizationRole("manager", List.of("read:org-orders", "write:org-orders"))
                    .organizationRole("viewer", List.of("read:org-orders"))
                    .backChannelLogoutUri(APP_ID, BASE_URL + "/api/logto/backchannel-logout")
                    .socialConnector(CONNECTOR_ID, CONNECTOR_TARGET, upstream().issuer(), "logto-connector",
                            "connector-secret", true)
                    .accountCenter(true, Map.of("social", "Edit", "password", "ReadOnly"))
                    .accessTokenTtl(ACCESS_TOKEN_TTL)
                    .idTokenTtl(ACCESS_TOKEN_TTL)
                    .build().start();
            LogtoDevProvider started = provider;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return provider;
    }

    /** The OpenID provider that Logto's OIDC connector signs in at, started on first use. */
    public static synchronized LogtoDevProvider upstream() {
        if (upstream == null) {
            upstream = LogtoDevProvider.builder().host("localhost").port(0)
                    .client("logto-connector", "connector-secret", List.of(LINK_CALLBACK), List.of())
                    .build().start();
            LogtoDevProvider started = upstream;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return upstream;
    }

    public static String url(String path) {
        return BASE_URL + path;
    }

    /** Calls one of the app's APIs as an API client does: {@code Authorization: Bearer <token>}, unless null. */
    public static HttpResponse<String> callApi(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return API_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
