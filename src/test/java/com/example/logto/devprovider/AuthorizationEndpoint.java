package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.example.logto.devprovider.ProviderStore.AuthRequest;
import com.example.logto.devprovider.ProviderStore.Interaction;
import com.example.logto.devprovider.ProviderStore.Session;
import com.example.logto.devprovider.ProviderStore.User;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code GET|POST /oidc/auth} and the sign-in interaction ({@code /oidc/interaction/<uid>}), checked in
 * oidc-provider's order ({@code lib/actions/authorization/*}):
 *
 * <ol>
 *   <li>{@code client_id} unknown or {@code redirect_uri} not registered: a JSON 400, never a redirect
 *       ({@code check_client.js}, {@code check_redirect_uri.js}; Logto's JSON error body).</li>
 *   <li>Everything else comes back to the redirect URI as {@code error}, {@code error_description},
 *       {@code state} and {@code iss} (RFC 9207): {@code response_type} must be {@code code} for a Traditional
 *       app; {@code prompt} only {@code none|login|consent}, {@code none} alone ({@code check_prompt.js});
 *       {@code code_challenge} only with S256 ({@code check_pkce.js}; PKCE optional for this client,
 *       logto {@code init.ts} {@code pkce.required}).</li>
 *   <li>Scopes: unknown ones are dropped; {@code offline_access} is dropped unless {@code prompt} contains
 *       {@code consent} ({@code check_scope.js}); organization permissions are kept only with
 *       {@code resource=urn:logto:resource:organizations} ({@link ProviderOrganizations}).</li>
 *   <li>A live {@code _session} cookie and no {@code prompt=login}: the code is issued at once (single
 *       sign-on; first-party apps are auto-consented, logto {@code koa-auto-consent.ts}). Otherwise the
 *       login page; {@code prompt=none} without a session gives {@code login_required}.</li>
 * </ol>
 */
final class AuthorizationEndpoint {

    static final String SESSION_COOKIE = "_session";

    private static final Set<String> RESPONSE_TYPES = Set.of("code id_token", "code", "id_token", "none");
    private static final Set<String> RESPONSE_MODES = Set.of("query", "fragment", "form_post");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent");
    private static final Set<String> FIRST_SCREENS = Set.of("sign_in", "register", "reset_password",
            "identifier:sign_in", "identifier:register", "single_sign_on", "signIn");
    private static final List<String> EXTRA_PARAMS = List.of("interaction_mode", "first_screen", "direct_sign_in",
            "organization_id", "login_hint", "ui_locales", "identifier", "one_time_token");

    private final String issuer;
    private final Function<String, RegisteredClient> clients;
    private final ProviderStore store;
    private final ProviderOrganizations organizations;

    AuthorizationEndpoint(String issuer, Function<String, RegisteredClient> clients, ProviderStore store,
                          ProviderOrganizations organizations) {
        this.issuer = issuer;
        this.clients = clients;
        this.store = store;
        this.organizations = organizations;
    }

    void authorize(ProviderExchange ex) throws IOException {
        String clientId = ex.param("client_id");
        if (clientId == null) {
            throw OidcError.missing("client_id");
        }
        RegisteredClient client = clients.apply(clientId);
        if (client == null) {
            throw new OidcError(400, "invalid_client", "client is invalid");
        }
        String redirectUri = Optional.ofNullable(ex.param("redirect_uri"))
                .or(client::soleRedirectUri).orElseThrow(() -> OidcError.missing("redirect_uri"));
        if (!client.redirectUriAllowed(redirectUri)) {
            throw new OidcError(400, "invalid_redirect_uri",
                    "redirect_uri did not match any of the client's registered redirect_uris");
        }
        String target = RegisteredClient.normalize(redirectUri).orElseThrow();
        String state = ex.params().containsKey("state") ? ex.params().get("state").get(0) : null;
        String mode = Optional.ofNullable(ex.params().get("response_mode")).map(v -> v.get(0)).orElse("query");
        try {
            AuthRequest request = validate(ex, client, redirectUri, state, mode);
            Optional<Session> session = ex.cookie(SESSION_COOKIE).flatMap(store::session);
            boolean fresh = session.isPresent() && !request.prompts().contains("login")
                    && (request.maxAge() == null || !session.get().authTime()
                            .plusSeconds(request.maxAge()).isBefore(store.now()));
            if (fresh) {
                respond(ex, request, Map.of("code", store.issueCode(request, session.get())));
            } else if (request.prompts().contains("none")) {
                throw new OidcError(400, "login_required", "End-User authentication is required");
            } else {
                Interaction interaction = store.createInteraction(request);
                ex.html(200, loginPage(interaction.uid(), request, freshForm(request), null));
            }
        } catch (OidcError e) {
            String safeMode = RESPONSE_MODES.contains(mode) ? mode : "query";
            respondError(ex, target, safeMode, state, e.error, e.description);
        }
    }

    /** {@code GET /oidc/interaction/<uid>}: the login page again, e.g. after a reload. */
    void showInteraction(ProviderExchange ex, String uid) throws IOException {
        Optional<Interaction> interaction = store.interaction(uid);
        if (interaction.isEmpty()) {
            ex.html(400, ProviderPages.interactionNotFound());
            return;
        }
        AuthRequest request = interaction.get().request();
        ex.html(200, loginPage(uid, request, freshForm(request), null));
    }

    /** {@code POST /oidc/interaction/<uid>}: sign in (starts the OP session) or cancel. */
    void submitInteraction(ProviderExchange ex, String uid) throws IOException {
        Optional<Interaction> found = store.interaction(uid);
        if (found.isEmpty()) {
            ex.html(400, ProviderPages.interactionNotFound());
            return;
        }
        AuthRequest request = found.get().request();
        String target = RegisteredClient.normalize(request.redirectUri()).orElseThrow();
        if ("cancel".equals(ex.param("action"))) {
            if (!store.finishInteraction(uid)) {
                ex.html(400, ProviderPages.interactionNotFound());
                return;
            }
            respondError(ex, target, request.responseMode(), request.state(),
                    "access_denied", "End-User aborted interaction");
            return;
        }
        String username = Optional.ofNullable(ex.param("username")).map(String::strip).orElse("");
        String roles = Optional.ofNullable(ex.param("roles")).orElse("");
        // A client that posts no "organizations" (one written before the field) gets what the page pre-fills.
        String typedOrganizations = Optional.ofNullable(ex.param("organizations"))
                .orElseGet(() -> freshForm(request).organizations());
        ProviderPages.LoginForm form = new ProviderPages.LoginForm(username, roles, typedOrganizations);
        if (username.isEmpty()) {
            ex.html(400, loginPage(uid, request, form, "Enter a username to sign in."));
            return;
        }
        Map<String, List<String>> memberships;
        try {
            memberships = organizations.field().map(f -> f.parse(typedOrganizations)).orElse(Map.of());
        } catch (IllegalArgumentException e) {
            ex.html(400, loginPage(uid, request, form, e.getMessage()));
            return;
        }
        if (!store.finishInteraction(uid)) {
            ex.html(400, ProviderPages.interactionNotFound());
            return;
        }
        List<String> roleList = Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty())
                .distinct().toList();
        String direct = request.extraParamsProblem() == null ? request.extraParams().get("direct_sign_in") : null;
        User user = store.signIn(username, roleList, memberships,
                direct != null && direct.startsWith("social:") ? direct.substring("social:".length()) : null);
        Session session = store.startSession(ex.cookie(SESSION_COOKIE).flatMap(store::session), user);
        ex.addHeader("Set-Cookie", sessionCookie(session.id(), session.expiresAt()));
        respond(ex, request, Map.of("code", store.issueCode(request, session)));
    }

    /**
     * oidc-provider's {@code _session} cookie: HttpOnly, SameSite=Lax, with {@code Expires} (koa's cookie format;
     * a {@code Max-Age} would also make Java's {@code HttpCookie} treat it as an RFC 2965 cookie). Path is
     * {@code /oidc} rather than Logto's {@code /}, so an app on the same host never receives it.
     */
    static String sessionCookie(String value, Instant expires) {
        return SESSION_COOKIE + "=" + value + "; Path=/oidc; Expires="
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(expires.atOffset(ZoneOffset.UTC))
                + "; HttpOnly; SameSite=Lax";
    }

    private AuthRequest validate(ProviderExchange ex, RegisteredClient client, String redirectUri, String state,
                                 String mode) {
        if (!RESPONSE_MODES.contains(mode)) {
            throw new OidcError(400, "unsupported_response_mode", "unsupported response_mode requested");
        }
        String responseType = ex.param("response_type");
        if (responseType == null) {
            throw OidcError.missing("response_type");
        }
        responseType = String.join(" ", new TreeSet<>(Arrays.asList(responseType.split(" "))));
        if (!RESPONSE_TYPES.contains(responseType)) {
            throw new OidcError(400, "unsupported_response_type", "unsupported response_type requested");
        }
        if (!responseType.equals("code")) {
            throw OidcError.invalidRequest("requested response_type is not allowed for this client");
        }
        Set<String> prompts = words(ex.param("prompt"));
        if (!PROMPTS.containsAll(prompts)) {
            throw OidcError.invalidRequest("unsupported prompt value requested");
        }
        if (prompts.contains("none") && prompts.size() > 1) {
            throw OidcError.invalidRequest("prompt none must only be used alone");
        }
        Set<String> requested = words(ex.param("scope"));
        if (!requested.contains("openid")) {
            throw OidcError.invalidRequest("openid scope must be requested for this request");
        }
        boolean organizationResource = ex.params().getOrDefault("resource", List.of()).stream()
                .flatMap(r -> Arrays.stream(r.split(","))).anyMatch(ProviderOrganizations.RESOURCE::equals);
        List<String> granted = requested.stream().filter(s -> LogtoDevProvider.SCOPES_SUPPORTED.contains(s)
                        || organizationResource && organizations.isPermission(s))
                .filter(s -> !s.equals("offline_access") || prompts.contains("consent")).toList();
        String challenge = ex.param("code_challenge");
        String method = ex.param("code_challenge_method");
        if (challenge != null && method == null) {
            throw OidcError.invalidRequest("code_challenge_method must be provided");
        }
        if (method != null && !method.equals("S256")) {
            throw OidcError.invalidRequest("not supported value of code_challenge_method");
        }
        if (method != null && challenge == null) {
            throw OidcError.invalidRequest("code_challenge must be provided with code_challenge_method");
        }
        if (challenge != null) {
            TokenEndpoint.checkPkceFormat(challenge, "code_challenge");
        }
        Long maxAge = null;
        if (ex.param("max_age") != null) {
            try {
                maxAge = Long.parseLong(ex.param("max_age"));
            } catch (NumberFormatException e) {
                maxAge = -1L;
            }
            if (maxAge < 0) {
                throw OidcError.invalidRequest("invalid max_age parameter value");
            }
        }
        Map<String, String> extras = new LinkedHashMap<>();
        for (String name : EXTRA_PARAMS) {
            Optional.ofNullable(ex.param(name)).ifPresent(v -> extras.put(name, v));
        }
        return new AuthRequest(client, redirectUri, mode, state, ex.param("nonce"), granted, challenge, prompts,
                maxAge, extras, extraParamsProblem(extras));
    }

    private String loginPage(String uid, AuthRequest request, ProviderPages.LoginForm form, String error) {
        return ProviderPages.login(uid, request, form, organizations.field().orElse(null), error);
    }

    /**
     * A fresh login page: the username from {@code login_hint} (Logto pre-fills only the first screen, and only
     * when its extra parameters parsed), no roles, the default organizations.
     */
    private ProviderPages.LoginForm freshForm(AuthRequest request) {
        String hint = request.extraParamsProblem() == null ? request.extraParams().get("login_hint") : null;
        return new ProviderPages.LoginForm(hint, "",
                organizations.field().map(OrganizationsField::defaultValue).orElse(""));
    }

    /**
     * Logto parses all extra params with one zod guard; one bad value (e.g. {@code first_screen=identifier:sign-in})
     * makes it ignore all of them ({@code init.ts} {@code interactions.url}, {@code extraParamsObjectGuard}).
     */
    private static String extraParamsProblem(Map<String, String> extras) {
        String firstScreen = extras.get("first_screen");
        if (firstScreen != null && !FIRST_SCREENS.contains(firstScreen)) {
            return "Logto would ignore all extra parameters: first_screen '" + firstScreen + "' is not one of "
                    + String.join(", ", new TreeSet<>(FIRST_SCREENS)) + ".";
        }
        String mode = extras.get("interaction_mode");
        if (mode != null && !mode.equals("signIn") && !mode.equals("signUp")) {
            return "Logto would ignore all extra parameters: interaction_mode '" + mode + "' is not signIn or signUp.";
        }
        return null;
    }

    /** The successful authorization response, with {@code state} and {@code iss} (RFC 9207). */
    private void respond(ProviderExchange ex, AuthRequest request, Map<String, String> result) throws IOException {
        Map<String, String> params = new LinkedHashMap<>(result);
        params.put("state", request.state());
        params.put("iss", issuer);
        deliver(ex, RegisteredClient.normalize(request.redirectUri()).orElseThrow(), request.responseMode(), params);
    }

    private void respondError(ProviderExchange ex, String target, String mode, String state, String error,
                              String description) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        params.put("iss", issuer);
        deliver(ex, target, mode, params);
    }

    private static void deliver(ProviderExchange ex, String target, String mode, Map<String, String> params)
            throws IOException {
        switch (mode) {
            case "form_post" -> ex.html(200, ProviderPages.formPost(target, params));
            case "fragment" -> ex.redirect(target + "#" + ProviderExchange.withQuery("", params).substring(1));
            default -> ex.redirect(ProviderExchange.withQuery(target, params));
        }
    }

    private static Set<String> words(String value) {
        Set<String> words = new LinkedHashSet<>();
        if (value != null) {
            for (String w : value.split(" ")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return words;
    }
}
