package com.example.logto.web;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.signin.LogtoAuthenticationMechanism;
import com.example.logto.security.signin.SignInFailure;
import com.example.logto.security.signin.SignInRequest;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /api/logto/sign-in} and {@code /api/logto/sign-up}: send the browser to Logto.
 *
 * <pre>
 * /api/logto/sign-in?returnTo=/profile                 back to /profile afterwards
 * /api/logto/sign-in?direct_sign_in=social:github      straight to a social or OIDC connector
 * /api/logto/sign-up?login_hint=ann@example.com        registration screen first, pre-filled
 * </pre>
 *
 * The redirect itself is issued by the mechanism before this servlet runs
 * ({@link LogtoAuthenticationMechanism}); the servlet answers only what is left: a signed-in user goes straight to
 * {@code returnTo}, an invalid parameter gets a 400 page, and an unreachable Logto a 503 page with a retry link.
 */
@WebServlet({LogtoConfig.SIGN_IN_PATH, LogtoConfig.SIGN_UP_PATH})
public class SignInServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private LogtoConfig config;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (request.getUserPrincipal() != null) {
            String returnTo = null;
            try {
                returnTo = SignInRequest.parse(request::getParameter, false).returnTo();
            } catch (SignInRequest.InvalidParameterException e) {
                // already signed in: an unusable returnTo just lands on the home page
            }
            response.sendRedirect(config.getBaseUrl() + (returnTo == null ? "/" : returnTo));
            return;
        }
        Object parsed = request.getAttribute(LogtoAuthenticationMechanism.SIGN_IN_REQUEST);
        if (parsed instanceof SignInRequest.InvalidParameterException invalid) {
            ErrorPage.show(request, response, HttpServletResponse.SC_BAD_REQUEST, "This sign-in link is not valid",
                    invalid.getMessage(), true);
            return;
        }
        SignInFailure failure = (SignInFailure) request.getAttribute(SignInFailure.ATTRIBUTE);
        ErrorPage.show(request, response, failure != null ? failure : SignInFailure.PROVIDER_UNAVAILABLE);
    }
}
