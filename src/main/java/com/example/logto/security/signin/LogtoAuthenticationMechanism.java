package com.example.logto.security.signin;

import com.example.logto.security.session.SessionRenewal;
import com.example.logto.security.session.SessionTokens;
import com.example.logto.security.session.SignedInSessions;
import com.example.logto.security.session.SignedInUser;
import com.example.logto.security.token.IdTokenGuard;
import com.example.logto.security.token.IdTokenVerifier;
import com.example.logto.config.LogtoConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The mechanism the container calls: it hands every request to the one that
 * {@link LogtoAuthenticationDefinition} defines (Soteria's), except the callback of a sign-in, and adds what
 * {@code @logto/next} does and Soteria does not.
 *
 * <ol>
 * <li><b>Sign-in routes.</b> {@code /api/logto/sign-in} and {@code /sign-up} are public pages, yet start a
 *     sign-in: the request is presented to Soteria as one for a protected resource, and the validated Logto
 *     parameters ({@code direct_sign_in}, {@code first_screen}, ...) are appended to its authorization redirect,
 *     which Soteria cannot do per request (its {@code extraParameters} are fixed at deployment). Every
 *     authorization request, also one Soteria starts for a protected page, gets the API indicators and API
 *     scopes of the configuration ({@link AuthorizationUrl}) and a PKCE challenge ({@link ProofKey}). The pending
 *     sign-in records the request's {@code state}, {@code nonce} and PKCE verifier.</li>
 * <li><b>The callback is the app's.</b> {@link CallbackSignIn} checks the state, exchanges the code with the JDK's
 *     HTTP client and verifies the ID token, where Soteria would build a JAX-RS client per call (README, "Who does
 *     what at sign-in"). A {@code GET ?code&amp;state} without a sign-in pending never reaches Soteria, which
 *     answers it with a 500 ({@code NoSuchElementException} in {@code getOriginalUrl}; docs/soteria.md §4); the
 *     callback page explains instead.</li>
 * <li><b>Failures become pages.</b> An exception or a rejection while signing in (Logto down, a forged state, an
 *     ID token that fails validation) is logged once and recorded as a {@link SignInFailure} for the servlet to
 *     render as a 4xx/503 page, never as a stack trace.</li>
 * <li><b>Signed-in state the app owns.</b> A signed-in user is kept as a {@link SignedInUser} in the HTTP session,
 *     under a new id ({@link SessionRenewal}). Every later request re-establishes the caller from that value, on
 *     whichever server it lands: Soteria's state cannot be replicated in a cluster (docs/soteria.md §7), and
 *     rebuilding its configuration from some thirty EL expressions on each request is what made it slow
 *     (bench/RESULTS.md). The container's session registration is not used.</li>
 * <li><b>Back-channel logout.</b> A session whose Logto session a back-channel logout has ended
 *     ({@link SignedInSessions}) is signed out at its next request, on whichever server it lands.</li>
 * <li><b>Refresh.</b> Shortly before the tokens expire, {@link SessionTokens} refreshes them and verifies the new
 *     ID token ({@link IdTokenVerifier}). If Logto refuses (grant revoked, refresh token expired) or sends a token
 *     that fails, the user is signed out and the request goes on anonymous, as {@code @logto/next} answers
 *     {@code isAuthenticated: false}; a protected page starts a new sign-in. If Logto cannot be reached, the
 *     session goes on with the tokens it has and asks again only after a retry time; while one request of a
 *     session asks Logto, the others do not wait for it.</li>
 * <li><b>Whatever Soteria signs in passes the same guard.</b> Should Soteria still complete a sign-in itself (a
 *     {@code code} and {@code state} sent to another page of a browser with a sign-in pending), its ID token must
 *     pass {@link IdTokenGuard} before the container hears of the caller ({@link HeldLogin}), and the user is kept
 *     as a {@link SignedInUser} as above.</li>
 * </ol>
 *
 * It is an {@code @Alternative} with a priority, so the container (Jakarta Security 3.0) or the default
 * {@code HttpAuthenticationMechanismHandler} (4.0) resolves {@link HttpAuthenticationMechanism} to it; Soteria's
 * mechanism is found by type, which keeps this class free of any server's implementation classes.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class LogtoAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(LogtoAuthenticationMechanism.class.getName());

    private static final Set<String> JWKS_UNAVAILABLE = Set.of("com.nimbusds.jose.RemoteKeySourceException",
            "com.nimbusds.jose.jwk.source.JWKSetUnavailableException",
            "com.nimbusds.jose.jwk.source.RateLimitReachedException");

    /** Session attribute: the {@link SignInRequest} of the sign-in under way, set when the user leaves for Logto. */
    public static final String PENDING = LogtoAuthenticationMechanism.class.getName() + ".pending";

    /** Request attribute: the parsed {@link SignInRequest} or its {@link SignInRequest.InvalidParameterException}. */
    public static final String SIGN_IN_REQUEST = SignInRequest.class.getName();

    /** The MessageInfo key with which a mechanism asks the container to remember the caller (Jakarta Authentication 3.8.4). */
    private static final String REGISTER_SESSION = "jakarta.servlet.http.registerSession";

    @Inject
    private BeanManager beanManager;

    @Inject
    private LogtoConfig config;

    @Inject
    private Instance<OpenIdContext> openIdContext;

    @Inject
    private SessionTokens tokens;

    @Inject
    private SignedInSessions signedInSessions;

    @Inject
    private CallbackSignIn callbackSignIn;

    private HttpAuthenticationMechanism soteria;

    /**
     * Finds the mechanism the annotation defines among every {@link HttpAuthenticationMechanism} bean, whatever its
     * qualifiers: Jakarta Security 3.0 (Payara 6, WildFly) registers it as {@code @Default}; 4.0 (Payara 7) with
     * the annotation's {@code qualifiers}, by default
     * {@code OpenIdAuthenticationMechanismDefinition.OpenIdAuthenticationMechanism}, and without {@code @Default}
     * (docs/soteria.md). 4.0's default {@code HttpAuthenticationMechanismHandler} resolves that same {@code @Any}
     * set, and so calls this alternative, as the container does under 3.0.
     */
    @PostConstruct
    void findDefinedMechanism() {
        List<Bean<?>> defined = beanManager.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE).stream()
                .filter(bean -> !bean.isAlternative()).toList();
        if (defined.size() != 1) {
            throw new IllegalStateException("Expected the one mechanism of @OpenIdAuthenticationMechanismDefinition, found "
                    + defined.size());
        }
        Bean<?> bean = defined.get(0);
        soteria = (HttpAuthenticationMechanism) beanManager.getReference(bean, HttpAuthenticationMechanism.class,
                beanManager.createCreationalContext(bean));
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        HttpSession session = request.getSession(false);
        SignedInUser user = SignedInUser.of(session);
        if (user != null) {
            boolean ended = signedInSessions.ended(user);
            SignedInUser current = ended ? null : tokens.current(session); // null: the refresh was refused
            if (current != null) {
                return context.notifyContainerAboutLogin(current.subject(), current.roles());
            }
            if (ended) {
                LOG.info("A back-channel logout had ended this session's sign-in; it ends here too");
            }
            signedInSessions.forget(session);
            SessionRenewal.signOut(request); // the request goes on anonymous, and may start a new sign-in
        }
        boolean callback = "GET".equals(request.getMethod()) && request.getParameter("code") != null
                && request.getParameter("state") != null;
        if (callback) {
            SignInRequest pending = pendingSignIn(request);
            if (pending == null) {
                return fail(request, context, SignInFailure.NO_PENDING_SIGN_IN);
            } else if (request.getServletPath().equals(LogtoConfig.CALLBACK_PATH)) {
                return completeSignIn(request, context, pending);
            }
        }
        SignInRequest start = null;
        if (isSignInRoute(request)) {
            try {
                start = SignInRequest.parse(request::getParameter, request.getServletPath().equals(LogtoConfig.SIGN_UP_PATH));
                request.setAttribute(SIGN_IN_REQUEST, start);
            } catch (SignInRequest.InvalidParameterException e) {
                request.setAttribute(SIGN_IN_REQUEST, e);
                return context.doNothing();
            }
        }
        return delegate(request, response, context, start);
    }

    /**
     * The callback of a sign-in under way: {@link CallbackSignIn} checks it and exchanges the code, then the user
     * is kept in the session under a new id, and Soteria's record of the authorization request goes.
     */
    private AuthenticationStatus completeSignIn(HttpServletRequest request, HttpMessageContext context,
            SignInRequest pending) {
        SignedInUser user;
        try {
            user = callbackSignIn.complete(request, pending);
        } catch (CallbackSignIn.RefusedCallbackException e) {
            LOG.warning("Sign-in failed (" + e.failure() + ") at " + request.getServletPath() + ": " + describe(e));
            return fail(request, context, e.failure());
        } catch (RuntimeException e) { // an answer no check foresaw: still a page, never a 500 or a half sign-in
            LOG.warning("Sign-in failed (" + SignInFailure.REJECTED + ") at " + request.getServletPath() + ": "
                    + describe(e));
            return fail(request, context, SignInFailure.REJECTED);
        }
        SoteriaView.forgetAuthorizationRequest(request.getSession());
        SessionRenewal.signIn(request, user);
        return context.notifyContainerAboutLogin(user.subject(), user.roles());
    }

    private AuthenticationStatus delegate(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, SignInRequest start) throws AuthenticationException {
        HeldLogin held = new HeldLogin(context);
        // Soteria redirects to Logto: remember where to land (a protected page returns to itself) and the state and
        // nonce the callback must bring back, before the redirect is sent. WildFly closes a distributable session
        // in sendRedirect, and a change made after it may be lost: one sign-in in 200 then found no pending
        // sign-in at the callback (UNDERTOW-2749).
        UnaryOperator<String> leavingForLogto = url -> {
            ProofKey proofKey = ProofKey.create();
            String sent = proofKey.appendTo(withApiAccess(url));
            SignInRequest pending = start != null ? start : SignInRequest.returningTo(request);
            request.getSession().setAttribute(PENDING, pending.sentAs(sent, proofKey.verifier()));
            return sent;
        };
        AuthenticationStatus status;
        try {
            status = start == null
                    ? soteria.validateRequest(request, SoteriaView.redirectingVia(response, leavingForLogto), held)
                    : SoteriaView.startSignIn(soteria, request, response, context, start, leavingForLogto);
        } catch (RuntimeException | AuthenticationException e) {
            SignInFailure failure = isUnreachable(e) ? SignInFailure.PROVIDER_UNAVAILABLE : SignInFailure.REJECTED;
            LOG.warning("Sign-in failed (" + failure + ") at " + request.getServletPath() + ": " + describe(e));
            return fail(request, context, failure);
        }
        if (status == AuthenticationStatus.SEND_FAILURE) {
            LOG.warning("Sign-in rejected at " + request.getServletPath() + " (state or code did not match)");
            return fail(request, context, SignInFailure.REJECTED);
        } else if (held.holdsLogin()) {
            OpenIdContext signedIn = openIdContext.get();
            Optional<String> problem = signedIn.getIdentityToken() == null ? Optional.of("no ID token")
                    : IdTokenGuard.problem(signedIn.getIdentityToken().getToken(), signedIn.getProviderMetadata());
            if (problem.isPresent()) {
                LOG.warning("Sign-in rejected at " + request.getServletPath() + ": " + problem.get());
                signOutHere(request, context); // the container never heard of this caller; drop Soteria's tokens
                return fail(request, context, SignInFailure.REJECTED);
            }
            SignedInUser user = signedInUser(signedIn, held.login());
            // Soteria's session bean goes: a replicating server cannot copy it (see the class comment)
            openIdContext.destroy(signedIn);
            SessionRenewal.signIn(request, user);
            return held.release(status);
        }
        return status;
    }

    /** The user Soteria has just signed in, as this app keeps it. */
    private static SignedInUser signedInUser(OpenIdContext signedIn, CredentialValidationResult login) {
        Instant now = Instant.now();
        Instant idTokenExpiry = signedIn.getIdentityToken().getJwtClaims().getExpirationTime().orElse(now);
        Instant expiry = signedIn.getExpiresIn().map(now::plusSeconds)
                .filter(accessTokenExpiry -> accessTokenExpiry.isBefore(idTokenExpiry)).orElse(idTokenExpiry);
        return new SignedInUser(login.getCallerPrincipal().getName(), login.getCallerGroups(),
                signedIn.getIdentityToken().getToken(), signedIn.getAccessToken().getToken(), expiry,
                signedIn.getRefreshToken().map(RefreshToken::getToken).orElse(null));
    }

    /** Undoes what Soteria set up: the caller for this request, the session registration, the tokens. */
    private static void signOutHere(HttpServletRequest request, HttpMessageContext context) {
        context.cleanClientSubject();
        context.getMessageInfo().getMap().remove(REGISTER_SESSION);
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    @Override
    public AuthenticationStatus secureResponse(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        return soteria.secureResponse(request, response, context);
    }

    /**
     * {@code request.logout()}: the caller and the session's {@link SignedInUser} go. Soteria's own version would
     * also redirect to the post sign-out URI, and throws for an anonymous caller (docs/soteria.md §2);
     * {@link com.example.logto.web.SignOutServlet} is the sign-out route.
     */
    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        signOutHere(request, context);
    }

    /** The authorization request with the API (and organization) indicators and API scopes of the configuration. */
    private String withApiAccess(String authorizationUrl) {
        return AuthorizationUrl.withApiAccess(authorizationUrl, config.getAuthorizationResources(),
                config.getApiScopes());
    }

    /** The sign-in under way in this browser session, or {@code null}. */
    public static SignInRequest pendingSignIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (SignInRequest) session.getAttribute(PENDING);
    }

    private static boolean isSignInRoute(HttpServletRequest request) {
        String path = request.getServletPath();
        return "GET".equals(request.getMethod())
                && (path.equals(LogtoConfig.SIGN_IN_PATH) || path.equals(LogtoConfig.SIGN_UP_PATH));
    }

    private static AuthenticationStatus fail(HttpServletRequest request, HttpMessageContext context, SignInFailure failure) {
        request.setAttribute(SignInFailure.ATTRIBUTE, failure);
        return context.doNothing();
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof java.net.SocketTimeoutException
                    || t instanceof HttpTimeoutException || t instanceof java.net.UnknownHostException
                    || t instanceof javax.net.ssl.SSLException || t instanceof jakarta.ws.rs.ProcessingException
                    || isJwksUnavailable(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the server's Nimbus (another copy than this WAR's, hence the names) could not fetch the JWKS: Soteria 3's
     * {@code RemoteJWKSet} throws {@code RemoteKeySourceException}, Soteria 4's {@code JWKSourceBuilder} a
     * {@code JWKSetUnavailableException} subclass or {@code RateLimitReachedException} (docs/soteria.md).
     */
    private static boolean isJwksUnavailable(Throwable t) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (JWKS_UNAVAILABLE.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The exception and its causes, each named once: a cause that only repeats its wrapper's message is left out. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        String previous = null;
        for (Throwable t = e; t != null && text.length() < 400; t = t.getCause()) {
            String message = t.getMessage();
            if (previous != null && message != null && previous.endsWith(message)) {
                continue;
            }
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName())
                    .append(message == null ? "" : ": " + message);
            previous = message;
        }
        return text.toString();
    }
}
