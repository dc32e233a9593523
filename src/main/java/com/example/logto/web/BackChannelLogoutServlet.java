package com.example.logto.web;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.token.LogoutTokenVerifier;
import com.example.logto.security.token.LogoutTokenVerifier.InvalidLogoutTokenException;
import com.example.logto.security.session.SignedInSessions;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * {@code POST /api/logto/backchannel-logout}: Logto calls it, server to server, when a user's Logto session ends
 * (sign-out in any app, session revoked in the Console), and this app ends that user's sessions here.
 *
 * <pre>
 * POST /api/logto/backchannel-logout    Content-Type: application/x-www-form-urlencoded
 * logout_token=eyJhbGciOiJFUzM4NCIsInR5cCI6ImxvZ291dCtqd3QiLC...
 * -&gt; 200 (sessions of that sid/sub ended)  |  400 {"error":"invalid_request"} (bad or replayed token)
 * </pre>
 *
 * Register {@link LogtoConfig#getBackChannelLogoutUri()} as the application's Back-channel logout URI in Logto,
 * with "Is session required" on, so ID tokens carry {@code sid} (docs/logto.md §4). The token is checked by
 * {@link LogoutTokenVerifier}; a refused one is logged once, with the reason and never the token.
 */
@WebServlet(LogtoConfig.BACK_CHANNEL_LOGOUT_PATH)
public class BackChannelLogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BackChannelLogoutServlet.class.getName());

    @Inject
    private LogoutTokenVerifier verifier;

    @Inject
    private SignedInSessions sessions;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store"); // Back-Channel Logout 1.0 2.8
        String token = request.getParameter("logout_token");
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(token);
        } catch (InvalidLogoutTokenException e) {
            LOG.warning("Back-channel logout refused: " + e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"invalid_request\"}");
            return;
        }
        String sid = (String) claims.getClaim("sid");
        int timeout = request.getServletContext().getSessionTimeout(); // minutes; 0 or less: sessions never expire
        int ended = sessions.end(sid, claims.getSubject(), Duration.ofMinutes(timeout > 0 ? timeout : 24 * 60));
        LOG.info(() -> "Back-channel logout ended " + ended + " session(s)");
        response.setStatus(HttpServletResponse.SC_OK);
    }
}
