package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-memory OpenID Provider shaped like Logto (v1.42, node-oidc-provider v9) for tests and development mode:
 * issuer {@code <endpoint>/oidc}, ES384 ID tokens from an EC P-384 key, opaque access tokens, exact redirect-URI
 * matching, {@code offline_access} only with {@code prompt=consent}, Logto's JSON error bodies and its
 * auto-submitting sign-out page; optionally API resources
 * ({@link ApiResources}), organizations ({@link ProviderOrganizations}) and back-channel logout
 * ({@link BackChannelLogout}). What each endpoint mimics, and the rule it follows, is documented on
 * {@link AuthorizationEndpoint}, {@link TokenEndpoint}, {@link EndSessionEndpoint}, {@link SigningKeys} and
 * {@link ProviderClaims}; see also {@code docs/logto.md}.
 *
 * <pre>{@code
 * try (LogtoDevProvider logto = LogtoDevProvider.builder()
 *         .client("app-id", "app-secret",
 *                 List.of("http://127.0.0.1:8080/api/logto/sign-in-callback"), List.of("http://127.0.0.1:8080/"))
 *         .build().start()) {
 *     String endpoint = logto.endpoint();   // LOGTO_ENDPOINT, e.g. http://127.0.0.1:41234
 *     ...
 *     logto.requests("/oidc/token");        // what the app sent
 * }
 * }</pre>
 *
 * Signing in takes no password: the login page asks for a username (its {@code sub} is {@link #subjectFor})
 * and a comma-separated list of roles, and, with {@link Builder#organizationsAtSignIn}, the organizations to join.
 * Thread-safe; requests are served by 8 daemon threads.
 *
 * <p>Tests can make it misbehave, one {@link Fault} at a time: {@code misbehave(Fault.ID_TOKEN_ALG_NONE)}, then
 * {@link #reset()}; {@link #advertiseSigningAlgorithms} changes what discovery lists.
 */
public final class LogtoDevProvider implements AutoCloseable {

    static {
        // Answer without Nagle's delay, as Logto's Node.js server does: otherwise a client's delayed ACK stalls
        // each small response by up to 40 ms, and the benchmark would charge that to the app.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK server closes idle keep-alive connections beyond 200; a load test with more users than that would
        // see requests fail on connections closed under them.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
    }


    /** Logto v1.42.0 {@code scopes_supported} (logto {@code discovery.test.ts}). */
    static final List<String> SCOPES_SUPPORTED = List.of("openid", "offline_access", "profile", "email", "phone",
            "address", "custom_data", "identities", "roles", "urn:logto:scope:organizations",
            "urn:logto:scope:organization_roles", "urn:logto:scope:sessions");

    private static final Logger LOG = Logger.getLogger(LogtoDevProvider.class.getName());
    private static final int MAX_RECORDED = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String host;
    private final int requestedPort;
    private final Map<String, RegisteredClient> clients;
    private final Duration accessTokenTtl;
    private final Duration idTokenTtl;
    private final ProviderStore store;
    private final ApiResources apiResources;
    private final BackChannelLogout backChannel;
    private final ProviderOrganizations organizations;
    private final AccountApi accountApi;
    private final SigningKeys keys = new SigningKeys();
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private volatile List<String> signingAlgorithms = List.of("ES384");
    private final Map<String, LongAdder> busyNanos = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();
    private HttpServer server;
    private ExecutorService executor;
    private volatile String endpoint;
    private volatile ProviderRoutes routes;

    private LogtoDevProvider(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.clients = Map.copyOf(builder.clients);
        this.accessTokenTtl = builder.accessTokenTtl;
        this.idTokenTtl = builder.idTokenTtl;
        this.store = new ProviderStore(builder.clock);
        this.apiResources = new ApiResources(builder.apiResources);
        this.backChannel = new BackChannelLogout(builder.backChannelLogouts);
        this.organizations = new ProviderOrganizations(builder.organizations, builder.organizationRoles,
                builder.organizationsAtSignIn);
        this.accountApi = new AccountApi(store, builder.socialConnectors);
        accountApi.configure(builder.accountCenterEnabled, builder.accountCenterFields);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns this. */
    public synchronized LogtoDevProvider start() {
        if (server != null) {
            throw new IllegalStateException("This provider is already started at " + endpoint);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + requestedPort
                    + " (" + e.getMessage() + "): choose another port, or 0 for a free one", e);
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        endpoint = "http://" + hostPart + ":" + server.getAddress().getPort();
        routes = new ProviderRoutes(issuer(), clients::get, store, keys, accessTokenTtl, idTokenTtl, fault::get,
                () -> signingAlgorithms, apiResources, backChannel, organizations);
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "logto-dev-provider-" + instance + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info(() -> "Logto development provider started, issuer " + issuer() + ", clients " + clients.keySet());
        return this;
    }

    /** Stops at once; safe to call twice. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            LOG.fine(() -> "Logto development provider at " + endpoint + " stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** What an app puts into {@code LOGTO_ENDPOINT}, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("Call start() first: the port is only known once the provider listens");
        }
        return endpoint;
    }

    /** {@code endpoint() + "/oidc"}, no trailing slash, as Logto's issuer. */
    public String issuer() {
        return endpoint() + "/oidc";
    }

    /** The bound TCP port. */
    public int port() {
        return Integer.parseInt(endpoint().substring(endpoint().lastIndexOf(':') + 1));
    }

    /** Every request received so far (up to the last 10,000), in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The recorded requests to one path, e.g. {@code "/oidc/token"}. */
    public List<RecordedRequest> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    public void clearRequests() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** The {@code sub} this provider gives a username: 12 characters of {@code [0-9a-z]}, stable. */
    public String subjectFor(String username) {
        return ProviderClaims.subjectFor(Objects.requireNonNull(username, "username"));
    }

    /** Total time spent serving requests to {@code path} (the benchmark separates the provider's share). */
    public Duration busyTime(String path) {
        LongAdder nanos = busyNanos.get(path);
        return Duration.ofNanos(nanos == null ? 0 : nanos.sum());
    }

    /** A new EC P-384 key signs from now on; the JWKS keeps the old one as "previous" (grace period 0). */
    public void rotateSigningKey() {
        keys.rotate();
        LOG.info(() -> "Signing key rotated, current kid " + keys.currentKeyId());
    }

    /** From now on the provider misbehaves as {@code fault} says, until {@link #reset()}. */
    public void misbehave(Fault fault) {
        this.fault.set(Objects.requireNonNull(fault, "fault"));
        LOG.info(() -> "Misbehaving: " + fault);
    }

    /** Logto-like again: no fault, refresh tokens echoed (a confidential client before 70 % of their TTL). */
    public void reset() {
        fault.set(null);
        store.rotateRefreshTokens(false);
    }

    /**
     * Until {@link #reset()}, every refresh returns a new refresh token, as Logto does once 70 % of the old one's
     * TTL has passed; the replaced token, used again more than 3 s later, revokes the whole grant.
     */
    public void rotateRefreshTokens() {
        store.rotateRefreshTokens(true);
    }

    /**
     * What discovery lists as {@code id_token_signing_alg_values_supported}; Logto lists the one algorithm of its
     * signing key ({@code ES384}). An RP reads discovery once, so set this before it starts.
     */
    public void advertiseSigningAlgorithms(String... algorithms) {
        signingAlgorithms = List.of(algorithms);
    }

    /**
     * A compact JWS signed with the current key, with {@code typ} (e.g. {@code at+jwt}) and exactly these claims:
     * lets tests craft tokens Logto would never issue (wrong audience, expired, missing scope).
     */
    public String sign(String typ, Map<String, Object> claims) {
        return keys.sign(typ == null ? null : new com.nimbusds.jose.JOSEObjectType(typ), claims);
    }

    /**
     * The {@code logout_token} Logto would send {@code clientId} when {@code username}'s session ends, for their
     * most recent sign-in at that client.
     */
    public String backChannelLogoutToken(String clientId, String username) {
        ProviderStore.Grant grant = store.grants(clientId, subjectFor(username)).stream()
                .max(java.util.Comparator.comparing(ProviderStore.Grant::authTime))
                .orElseThrow(() -> new IllegalStateException(username + " has not signed in at " + clientId));
        return backChannel.logoutToken(issuer(), keys, clientId, grant.sub(), grant.sessionId(), store.now());
    }

    /** POSTs {@code logout_token} to the client's Back-channel logout URI, as Logto does; returns the status. */
    public int sendBackChannelLogout(String clientId, String logoutToken) {
        return backChannel.send(clientId, logoutToken);
    }

    /**
     * Logto's {@code PATCH /api/account-center}: turns the Account API on or off, with the field permissions
     * ({@code "social": "Edit"}, {@code "password": "ReadOnly"}, ...; a missing field is Off).
     */
    public void accountCenter(boolean enabled, Map<String, String> fields) {
        accountApi.configure(enabled, fields);
    }

    /**
     * Lets the provider token that Logto stored for {@code username}'s identity at {@code target} expire, with or
     * without its refresh token (the next access-token call then refreshes it upstream, or answers 401).
     */
    public void expireStoredProviderToken(String username, String target, boolean keepRefreshToken) {
        accountApi.expireStoredToken(subjectFor(username), target, keepRefreshToken);
    }

    /** Every Account API verification record (password and social) runs out now, as after its 10 minutes. */
    public void expireVerificationRecords() {
        accountApi.expireVerifications();
    }

    private void handle(HttpExchange http) {
        long started = System.nanoTime();
        Fault active = fault.get();
        if (active == Fault.DOWN) {
            record(http, Map.of());
            http.close();
            return;
        }
        if (active == Fault.SLOW) {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            ProviderExchange ex;
            try {
                ex = new ProviderExchange(http);
            } catch (IllegalArgumentException e) {
                record(http, Map.of());
                respondError(http, new OidcError(400, "invalid_request", "request could not be parsed"));
                return;
            }
            record(http, ex.allParams());
            if (active == Fault.TOKEN_ENDPOINT_HANGS && ex.path().equals("/oidc/token")) {
                hangWhile(Fault.TOKEN_ENDPOINT_HANGS);
                return; // closed without an answer
            }
            try {
                if (ex.path().startsWith("/api/")) {
                    accountApi.dispatch(ex); // Logto's Account API (AccountApi)
                } else {
                    routes.dispatch(ex);
                }
            } catch (OidcError e) {
                if (!ex.responded()) {
                    ex.json(e.status, e.body());
                }
            }
            if (served.incrementAndGet() % 256 == 0) {
                store.sweep();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Failed to serve " + http.getRequestMethod() + " " + http.getRequestURI().getPath()
                    + ": " + e);
            respondError(http, new OidcError(500, "server_error", "oops! something went wrong"));
        } finally {
            http.close();
            busyNanos.computeIfAbsent(http.getRequestURI().getPath(), path -> new LongAdder())
                    .add(System.nanoTime() - started);
            LOG.fine(() -> http.getRequestMethod() + " " + http.getRequestURI().getPath() + " -> "
                    + http.getResponseCode() + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
        }
    }

    /** Holds this request until the fault is reset, at most 60 s. */
    private void hangWhile(Fault hanging) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (fault.get() == hanging && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(HttpExchange http, Map<String, List<String>> params) {
        RecordedRequest request = new RecordedRequest(store.now(), http.getRequestMethod().toUpperCase(Locale.ROOT),
                http.getRequestURI().getPath(), params, http.getRequestHeaders());
        synchronized (recorded) {
            if (recorded.size() == MAX_RECORDED) {
                recorded.removeFirst();
            }
            recorded.addLast(request);
        }
    }

    private static void respondError(HttpExchange http, OidcError error) {
        if (http.getResponseCode() != -1) {
            return;
        }
        try {
            byte[] body = JSONObjectUtils.toJSONString(error.body()).getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            http.sendResponseHeaders(error.status, body.length);
            http.getResponseBody().write(body);
        } catch (IOException e) {
            LOG.fine(() -> "Could not send the error response: " + e);
        }
    }

    /** Configures a provider; {@link #client} is required at least once. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final Map<String, RegisteredClient> clients = new LinkedHashMap<>();
        private Duration accessTokenTtl = Duration.ofSeconds(3600);
        private Duration idTokenTtl = Duration.ofSeconds(3600);
        private Clock clock = Clock.systemUTC();
        private final Map<String, ApiResources.ApiResource> apiResources = new LinkedHashMap<>();
        private final Map<String, BackChannelLogout.Registration> backChannelLogouts = new LinkedHashMap<>();
        private final Map<String, ProviderOrganizations.Organization> organizations = new LinkedHashMap<>();
        private final Map<String, List<String>> organizationRoles = new LinkedHashMap<>();
        private String organizationsAtSignIn;
        private final Map<String, SocialConnector> socialConnectors = new LinkedHashMap<>();
        private boolean accountCenterEnabled;
        private Map<String, String> accountCenterFields = Map.of();

        private Builder() {
        }

        /**
         * Logto's OIDC social connector {@code id} with {@code target}, signing in at an upstream provider shaped
         * like this one (e.g. a second {@link LogtoDevProvider}) where {@code clientId} is registered with the app's
         * link callback as a redirect URI; {@code tokenStorage} keeps the upstream tokens (Secret Vault).
         */
        public Builder socialConnector(String id, String target, String upstreamIssuer, String clientId,
                                       String clientSecret, boolean tokenStorage) {
            socialConnectors.put(id, new SocialConnector(id, target, upstreamIssuer, clientId, clientSecret,
                    "openid profile offline_access", tokenStorage));
            return this;
        }

        /** The Account Center at start; Logto's fresh seed has it off with no fields ({@link #accountCenter}). */
        public Builder accountCenter(boolean enabled, Map<String, String> fields) {
            this.accountCenterEnabled = enabled;
            this.accountCenterFields = Map.copyOf(fields);
            return this;
        }

        /** Bind address, also the host of the issuer; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Registers a Logto "Traditional web" application; call once per application. */
        public Builder client(String clientId, String clientSecret, List<String> redirectUris,
                              List<String> postLogoutRedirectUris) {
            RegisteredClient client = new RegisteredClient(clientId, clientSecret, redirectUris, postLogoutRedirectUris);
            if (clients.putIfAbsent(clientId, client) != null) {
                throw new IllegalArgumentException("Client '" + clientId + "' is registered twice");
            }
            return this;
        }

        /**
         * Registers an API resource: a refresh grant with {@code resource=indicator} then returns a JWT access
         * token whose {@code scope} holds what the user's roles grant, e.g.
         * {@code apiResource("https://api.example.com", Map.of("reader", List.of("read:orders")))}.
         */
        public Builder apiResource(String indicator, Map<String, List<String>> scopesByRole) {
            apiResources.put(indicator, new ApiResources.ApiResource(indicator, Map.copyOf(scopesByRole)));
            return this;
        }

        /**
         * An organization and its members by username, each with organization roles, e.g.
         * {@code organization("org-acme", "Acme", Map.of("alice", List.of("manager")))}.
         */
        public Builder organization(String id, String name, Map<String, List<String>> rolesByUsername) {
            organizations.put(id, new ProviderOrganizations.Organization(id, name, Map.copyOf(rolesByUsername)));
            return this;
        }

        /**
         * An organization role of the organization template and the organization permissions it grants, e.g.
         * {@code organizationRole("manager", List.of("read:org-orders", "write:org-orders"))}; organization tokens
         * carry the permissions of the member's roles in that organization.
         */
        public Builder organizationRole(String role, List<String> permissions) {
            organizationRoles.put(Objects.requireNonNull(role, "role"), List.copyOf(permissions));
            return this;
        }

        /**
         * Lets whoever signs in choose their organizations: the login page gets an "Organizations" field,
         * pre-filled with {@code defaultMemberships}, e.g. {@code "org-acme: manager; org-globex: viewer"} (organization
         * id, colon, its roles; semicolons between organizations), with the organizations and roles explained next to
         * it. What is submitted replaces the user's memberships of the previous sign-in, as the roles field does for
         * roles ({@link OrganizationsField}). Declare the organizations and roles it names first.
         */
        public Builder organizationsAtSignIn(String defaultMemberships) {
            this.organizationsAtSignIn = Objects.requireNonNull(defaultMemberships, "defaultMemberships");
            return this;
        }

        /** A Back-channel logout URI for a client, "session required": its ID tokens then carry {@code sid}. */
        public Builder backChannelLogoutUri(String clientId, String uri) {
            return backChannelLogoutUri(clientId, uri, true);
        }

        /**
         * A Back-channel logout URI for a client (Logto Console: "Back-channel logout URI" and "Is session
         * required"); the provider posts a logout token there whenever an OP session the client signed in with ends.
         */
        public Builder backChannelLogoutUri(String clientId, String uri, boolean sessionRequired) {
            backChannelLogouts.put(clientId, new BackChannelLogout.Registration(Objects.requireNonNull(uri, "uri"),
                    sessionRequired));
            return this;
        }

        /** Access-token lifetime ({@code expires_in}); Logto's is 3600 s for opaque tokens. */
        public Builder accessTokenTtl(Duration ttl) {
            this.accessTokenTtl = positive(ttl, "accessTokenTtl");
            return this;
        }

        /** ID-token lifetime; Logto's default {@code idTokenTtl} is 3600 s. */
        public Builder idTokenTtl(Duration ttl) {
            this.idTokenTtl = positive(ttl, "idTokenTtl");
            return this;
        }

        /** The clock for all lifetimes and token timestamps; tests can pass a movable one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public LogtoDevProvider build() {
            if (clients.isEmpty()) {
                throw new IllegalStateException("Register an application first: "
                        + "builder.client(appId, appSecret, redirectUris, postLogoutRedirectUris)");
            }
            return new LogtoDevProvider(this);
        }

        private static Duration positive(Duration ttl, String what) {
            if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.toSeconds() < 1) {
                throw new IllegalArgumentException(what + " must be at least one second, got " + ttl);
            }
            return ttl;
        }
    }
}
