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
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * What {@link LogtoAuthenticationMechanism} shows Soteria's mechanism instead of the real request, response and
 * context, where Soteria's own behaviour does not fit {@code @logto/next}'s routes: starting a sign-in from a public
 * route, and adding parameters to its authorization redirect.
 */
final class SoteriaView {

    private SoteriaView() {
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
