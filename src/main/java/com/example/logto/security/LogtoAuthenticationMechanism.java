package com.example.logto.security;

import com.example.logto.config.LogtoConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The mechanism the container calls: it hands every request to the one that
 * {@link LogtoAuthenticationDefinition} defines (Soteria's) and adds what {@code @logto/next} does and Soteria
 * does not.
 *
 * <ol>
 * <li><b>Sign-in routes.</b> {@code /api/logto/sign-in} and {@code /sign-up} are public pages, yet start a
 *     sign-in: the request is presented to Soteria as one for a protected resource, and the validated Logto
 *     parameters ({@code direct_sign_in}, {@code first_screen}, ...) are appended to its authorization redirect,
 *     which Soteria cannot do per request (its {@code extraParameters} are fixed at deployment). Every
 *     authorization request, also one Soteria starts for a protected page, gets the API indicators and API
 *     scopes of the configuration ({@link AuthorizationUrl}).</li>
 * <li><b>Callback guard.</b> Soteria answers any {@code GET ?code&state} without a sign-in pending in the
 *     session with a 500 ({@code NoSuchElementException} in {@code getOriginalUrl}; soteria-on-payara.md 5.4).
 *     Such requests never reach it; the callback page explains instead.</li>
 * <li><b>Failures become pages.</b> An exception or a rejection while signing in (Logto down, a forged state, an
 *     ID token that fails validation) is logged once and recorded as a {@link SignInFailure} for the servlet to
 *     render as a 4xx/503 page, never as a stack trace.</li>
 * <li><b>Signed-in fast path.</b> While the caller's tokens are fresh, the caller of the session is kept
 *     without Soteria, which would rebuild its whole configuration on each request; near expiry Soteria runs
 *     and refreshes.</li>
 * <li><b>One caller per request.</b> A token refresh must not report the caller to the container twice
 *     (WildFly refuses that; see {@link OneCallerPerRequest}).</li>
 * <li><b>ID-token guard.</b> Every ID token Soteria accepted, at sign-in and after each refresh, must also pass
 *     {@link IdTokenGuard} (signed, with an algorithm discovery lists). At sign-in the container hears of the
 *     caller only after that check ({@link HeldLogin}); after a refresh what Soteria set up is undone: caller,
 *     session registration and session. Either way the user stays anonymous.</li>
 * <li><b>Quiet sign-out when a refresh is refused.</b> Soteria would redirect to the post sign-out URI, which
 *     breaks {@code fetch('/api/logto/user')}; the request goes on anonymous instead. If Logto cannot be reached
 *     for a refresh, the session goes on with the tokens it has.</li>
 * </ol>
 *
 * It is an {@code @Alternative} with a priority, so the container resolves {@link HttpAuthenticationMechanism}
 * to it; Soteria's mechanism is found by type, which keeps this class free of any server's implementation
 * classes.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class LogtoAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(LogtoAuthenticationMechanism.class.getName());

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

    private HttpAuthenticationMechanism soteria;

    @PostConstruct
    void findDefinedMechanism() {
        List<Bean<?>> defined = beanManager.getBeans(HttpAuthenticationMechanism.class).stream()
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
        if (request.getUserPrincipal() != null) {
            return tokensNeedRefresh() ? signedIn(request, response, context) : keepCaller(request, context);
        }
        boolean callback = "GET".equals(request.getMethod()) && request.getParameter("code") != null
                && request.getParameter("state") != null;
        if (callback && pendingSignIn(request) == null) {
            return fail(request, context, SignInFailure.NO_PENDING_SIGN_IN);
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
        return delegate(request, response, context, callback, start);
    }

    private AuthenticationStatus delegate(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, boolean callback, SignInRequest start) throws AuthenticationException {
        HeldLogin held = new HeldLogin(context);
        AuthenticationStatus status;
        try {
            status = start == null
                    ? soteria.validateRequest(request, SoteriaView.redirectingVia(response, this::withApiAccess), held)
                    : SoteriaView.startSignIn(soteria, request, response, context, start, this::withApiAccess);
        } catch (RuntimeException | AuthenticationException e) {
            SignInFailure failure = isUnreachable(e) ? SignInFailure.PROVIDER_UNAVAILABLE : SignInFailure.REJECTED;
            LOG.warning("Sign-in failed (" + failure + ") at " + request.getServletPath() + ": " + describe(e));
            return fail(request, context, failure);
        }
        if (status == AuthenticationStatus.SEND_CONTINUE && !callback) {
            // Soteria has redirected to Logto; remember where to land. A protected page returns to itself.
            request.getSession().setAttribute(PENDING, start != null ? start : SignInRequest.returningTo(request));
        } else if (status == AuthenticationStatus.SEND_FAILURE) {
            LOG.warning("Sign-in rejected at " + request.getServletPath() + " (state or code did not match)");
            return fail(request, context, SignInFailure.REJECTED);
        } else if (held.holdsLogin()) {
            Optional<String> problem = idTokenProblem();
            if (problem.isPresent()) {
                LOG.warning("Sign-in rejected at " + request.getServletPath() + ": " + problem.get());
                signOutHere(request, context); // the container never heard of this caller; drop Soteria's tokens
                return fail(request, context, SignInFailure.REJECTED);
            }
            return held.release(status);
        }
        return status;
    }

    /**
     * Whether Soteria must run for a signed-in request: only when a token is within {@code tokenMinValidity} of
     * expiry and is to be refreshed. Otherwise Soteria would only re-assert the caller, after building its
     * request-scoped configuration from some thirty EL expressions, on every request (bench/RESULTS.md).
     */
    private boolean tokensNeedRefresh() {
        OpenIdContext tokens = openIdContext.get();
        return tokens.getAccessToken() == null || tokens.getIdentityToken() == null
                || tokens.getAccessToken().isExpired() || tokens.getIdentityToken().isExpired();
    }

    /** What Soteria does for a signed-in caller whose tokens are fresh: keep the caller of the session. */
    private static AuthenticationStatus keepCaller(HttpServletRequest request, HttpMessageContext context)
            throws AuthenticationException {
        try {
            context.getHandler().handle(new Callback[] {
                new CallerPrincipalCallback(context.getClientSubject(), request.getUserPrincipal())});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new AuthenticationException("The container refused the caller of the session", e);
        }
        return AuthenticationStatus.SUCCESS;
    }

    /**
     * A signed-in request: Soteria refreshes the tokens when the access token is about to expire. If Logto refuses
     * (grant revoked, refresh token expired), Soteria ends the session and redirects to the post sign-out URI,
     * which would turn a {@code fetch('/api/logto/user')} into a cross-origin redirect; instead the redirect is
     * dropped and the request goes on anonymous, as {@code @logto/next} answers {@code isAuthenticated: false}.
     */
    private AuthenticationStatus signedIn(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        OneCallerPerRequest once = new OneCallerPerRequest(context);
        AuthenticationStatus status;
        try {
            status = SoteriaView.withoutRedirects(soteria, request, response, once);
        } catch (RuntimeException | AuthenticationException e) {
            // Logto unreachable while refreshing: keep the user signed in with the tokens Soteria still holds.
            LOG.warning("Token refresh failed, the session goes on: " + describe(e));
            return keepCaller(request, context);
        }
        Optional<String> problem = status == AuthenticationStatus.SUCCESS ? idTokenProblem()
                : Optional.of("Logto refused to refresh the tokens (grant revoked or expired)");
        if (problem.isPresent()) {
            LOG.warning("Signed out at " + request.getServletPath() + ": " + problem.get());
            signOutHere(request, context);
            return context.doNothing();
        }
        return once.finish(status);
    }

    private Optional<String> idTokenProblem() {
        OpenIdContext tokens = openIdContext.get();
        if (tokens.getIdentityToken() == null) {
            return Optional.of("no ID token");
        }
        return IdTokenGuard.problem(tokens.getIdentityToken().getToken(), tokens.getProviderMetadata());
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

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        if (request.getUserPrincipal() != null) { // Soteria throws an NPE for an anonymous caller (5.2)
            soteria.cleanSubject(request, response, context);
        }
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
                    // Nimbus (inside the server, not on this WAR's class path) when the JWKS cannot be fetched
                    || t.getClass().getName().equals("com.nimbusds.jose.RemoteKeySourceException")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 400; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                    .append(t.getMessage());
        }
        return text.toString();
    }
}
