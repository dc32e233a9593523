package com.example.logto.security.signin;

import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What {@link LogtoAuthenticationMechanism} shows Soteria's mechanism instead of the real request, response and
 * context, where Soteria's own behaviour does not fit {@code @logto/next}'s routes: starting a sign-in from a public
 * route, and adding parameters to its authorization redirect.
 */
final class SoteriaView {

    /**
     * The session attributes in which Soteria keeps the authorization request it sent (its {@code SessionController}
     * storage, {@code useSession=true}; the keys of {@code StateController}, {@code NonceController} and
     * {@code AuthenticationController.storeRequestURL} in Soteria 3.0 and 4.0).
     */
    private static final List<String> AUTHORIZATION_REQUEST = List.of("oidc.state", "oidc.nonce",
            "oidc.original.request");

    private SoteriaView() {
    }

    /**
     * Drops Soteria's record of the authorization request once {@link CallbackSignIn} has completed it, as Soteria
     * does after a callback it handles itself: the signed-in session keeps no state, nonce or URL of a finished
     * sign-in (smaller, and nothing for a replay to match).
     */
    static void forgetAuthorizationRequest(HttpSession session) {
        AUTHORIZATION_REQUEST.forEach(session::removeAttribute);
    }

    /**
     * A sign-in route, presented as a protected resource so that Soteria starts the authorization request, with
     * the validated Logto parameters appended to its redirect (its {@code extraParameters} are fixed at
     * deployment). Callback parameters are hidden: Soteria would treat a {@code state} on this route as a callback
     * and give up without redirecting (found by {@code HardeningIT}'s fuzzing).
     */
    static AuthenticationStatus startSignIn(HttpAuthenticationMechanism soteria, HttpServletRequest request,
            HttpServletResponse response, HttpMessageContext context, SignInRequest start,
            UnaryOperator<String> authorization) throws AuthenticationException {
        HttpServletRequest fresh = new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                return name.equals("state") || name.equals("code") || name.equals("error") ? null
                        : super.getParameter(name);
            }
        };
        HttpServletResponse withParameters = redirectingVia(response, url -> authorization.apply(start.appendTo(url)));
        return soteria.validateRequest(fresh, withParameters, new View(context, fresh, withParameters, true));
    }

    /** Soteria's redirects, rewritten: an anonymous request's only redirect is the authorization request. */
    static HttpServletResponse redirectingVia(HttpServletResponse response, UnaryOperator<String> rewrite) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void sendRedirect(String location) throws IOException {
                super.sendRedirect(rewrite.apply(location));
            }
        };
    }

    /** Soteria reads the request and response from the context too (e.g. when it redirects to Logto). */
    private static final class View extends HttpMessageContextWrapper {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final boolean isProtected;

        View(HttpMessageContext context, HttpServletRequest request, HttpServletResponse response, boolean isProtected) {
            super(context);
            this.request = request;
            this.response = response;
            this.isProtected = isProtected;
        }

        @Override
        public boolean isProtected() {
            return isProtected;
        }

        @Override
        public HttpServletRequest getRequest() {
            return request;
        }

        @Override
        public HttpServletResponse getResponse() {
            return response;
        }
    }
}
