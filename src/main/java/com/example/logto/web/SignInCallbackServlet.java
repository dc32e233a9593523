package com.example.logto.web;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.signin.LogtoAuthenticationMechanism;
import com.example.logto.security.signin.SignInFailure;
import com.example.logto.security.signin.SignInRequest;
import com.example.logto.security.session.SignedInSessions;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * {@code /api/logto/sign-in-callback}: where Logto sends the browser back. By the time this servlet runs, the
 * mechanism has exchanged the code and verified the ID token; what is left is to land the user.
 *
 * <ul>
 * <li>Signed in (the mechanism has started a new session, so a planted pre-sign-in id is worthless, OWASP session
 *     fixation): 303 to {@code returnTo} or the base URL, like the SDK's {@code handleSignInCallback}.</li>
 * <li>{@code ?error=access_denied&amp;...} from Logto (the user cancelled): a friendly page with a retry link.</li>
 * <li>Replayed, forged or session-less callbacks: a 4xx page, never a 500.</li>
 * </ul>
 */
@WebServlet(LogtoConfig.CALLBACK_PATH)
public class SignInCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}"); // RFC 6749 4.1.2.1 codes

    @Inject
    private LogtoConfig config;

    @Inject
    private CurrentUser user;

    @Inject
    private SignedInSessions signedIn;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        SignInRequest pending = LogtoAuthenticationMechanism.pendingSignIn(request);
        if (request.getUserPrincipal() != null) {
            if (pending != null) { // the mechanism has just moved the user to a new session
                request.getSession().removeAttribute(LogtoAuthenticationMechanism.PENDING);
                signedIn.register(request.getSession(), user.claims().getString("sid", null), user.getSubject());
            }
            String returnTo = pending == null ? null : pending.returnTo();
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", config.getBaseUrl() + (returnTo == null ? "/" : returnTo));
            return;
        }
        SignInFailure failure = (SignInFailure) request.getAttribute(SignInFailure.ATTRIBUTE);
        if (failure != null) {
            ErrorPage.show(request, response, failure);
            return;
        }
        String error = request.getParameter("error");
        if (error != null) {
            if (pending != null) {
                request.getSession().removeAttribute(LogtoAuthenticationMechanism.PENDING);
            }
            boolean cancelled = "access_denied".equals(error);
            ErrorPage.show(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    cancelled ? "Sign-in was cancelled" : "Sign-in did not succeed",
                    cancelled ? "You left the sign-in page without signing in."
                            : "Logto answered: " + (ERROR_CODE.matcher(error).matches() ? error : "an unknown error")
                            + ".", true);
            return;
        }
        ErrorPage.show(request, response, SignInFailure.NO_PENDING_SIGN_IN);
    }
}
