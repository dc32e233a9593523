package com.example.logto.web;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.provider.ProviderMetadata;
import com.example.logto.security.session.SignedInUser;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.logging.Logger;

/**
 * {@code /api/logto/sign-out}: end the session here and at Logto, as {@code @logto/next}'s {@code handleSignOut}.
 *
 * <ol>
 * <li>{@code POST} with the session's sign-out token; a {@code GET} only shows a "Sign out?" button, and a
 *     form on another site cannot know the token, so no other site can sign the user out.</li>
 * <li>Revoke the refresh token at Logto's revocation endpoint: end-session keeps {@code offline_access} grants
 *     alive (docs/logto.md §4).</li>
 * <li>Invalidate the HTTP session: that drops the caller and its tokens ({@link SignedInUser}); in a Payara
 *     cluster the other members refuse the old session cookie too ({@code ClusterIT}).</li>
 * <li>303 to Logto's end-session endpoint with {@code id_token_hint}, {@code client_id} and
 *     {@code post_logout_redirect_uri}; Logto ends its own session and sends the browser home. The URL is built
 *     here, not by Soteria, whose version lacks {@code client_id} and breaks on RESTEasy (soteria#367).</li>
 * </ol>
 * An anonymous caller is simply sent home.
 */
@WebServlet(LogtoConfig.SIGN_OUT_PATH)
public class SignOutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(SignOutServlet.class.getName());

    @Inject
    private LogtoConfig config;

    @Inject
    private CurrentUser user;

    @Inject
    private ProviderMetadata metadata;

    @Inject
    private ProviderClient provider;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (sentAnonymousHome(response)) {
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        request.getRequestDispatcher("/WEB-INF/logto/sign-out.jsp").forward(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (sentAnonymousHome(response)) {
            return;
        }
        if (!sameToken(request.getParameter("csrf"), user.getCsrfToken())) {
            ErrorPage.show(request, response, HttpServletResponse.SC_FORBIDDEN, "Sign-out was not confirmed",
                    "The sign-out request did not come from this site's sign-out button.", false);
            return;
        }
        HttpSession session = request.getSession(false);
        SignedInUser signedIn = SignedInUser.required(session);
        JsonObject discovery = discovery();
        String revocation = discovery.getString("revocation_endpoint", null);
        if (revocation != null) {
            signedIn.refreshToken().ifPresent(token -> provider.revoke(revocation, token));
        }
        session.invalidate();
        String endSession = discovery.getString("end_session_endpoint", null);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", endSession == null ? config.getPostSignOutRedirectUri()
                : endSession + (endSession.contains("?") ? "&" : "?")
                        + "id_token_hint=" + encode(signedIn.idToken())
                        + "&client_id=" + encode(config.getAppId())
                        + "&post_logout_redirect_uri=" + encode(config.getPostSignOutRedirectUri()));
    }

    /**
     * Logto's endpoints; if discovery cannot be read now, the user is still signed out here and sent to the
     * post sign-out URI, as the SDK does when the end-session URL is unknown.
     */
    private JsonObject discovery() {
        try {
            return metadata.document();
        } catch (ProviderException e) {
            LOG.warning("Sign-out without revocation and end-session: " + e.getMessage());
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** Nobody to sign out: go home, as the SDK does, instead of Soteria's NullPointerException (5.2). */
    private boolean sentAnonymousHome(HttpServletResponse response) throws IOException {
        if (user.isSignedIn()) {
            return false;
        }
        response.sendRedirect(config.getPostSignOutRedirectUri());
        return true;
    }

    private static boolean sameToken(String given, String expected) {
        return given != null && expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
