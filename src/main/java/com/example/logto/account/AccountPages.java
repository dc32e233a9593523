package com.example.logto.account;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.session.SessionTokens;
import com.example.logto.web.CurrentUser;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.logging.Logger;

/** What the account servlets share: the Account API token, the CSRF check and the refusal page. */
final class AccountPages {

    private static final Logger LOG = Logger.getLogger(AccountPages.class.getName());
    /** The session's cache key of the Account API token (SessionTokens caches it like an API token). */
    private static final String TOKEN_KEY = "account-api";

    private AccountPages() {
    }

    /**
     * Logto's opaque access token for the Account API: the refresh grant <em>without</em> {@code resource}
     * (a resource token is a JWT, which the Account API refuses with 401 {@code auth.unauthorized}: Logto's
     * {@code koa-oidc-auth.ts} looks up opaque tokens only), single flight per session and the rotated refresh
     * token kept, as {@link SessionTokens} does for every grant. It stays on the server.
     *
     * @throws IllegalStateException when nobody is signed in or the session has no refresh token
     */
    static String accountToken(SessionTokens tokens, HttpSession session) throws ProviderException {
        return tokens.apiToken(session, TOKEN_KEY, Map.of());
    }

    /** Without {@code LOGTO_OIDC_CONNECTOR_ID} the account routes do not exist: answers 404 and returns true. */
    static boolean notOffered(LogtoConfig config, HttpServletResponse response) throws IOException {
        if (config.isAccountCenter()) {
            return false;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return true;
    }

    /** Whether the form carried the session's token, so that no other site can post it. */
    static boolean fromThisSite(HttpServletRequest request, CurrentUser user) {
        String sent = request.getParameter("csrf");
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                user.getCsrfToken().getBytes(StandardCharsets.UTF_8));
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal)
            throws ServletException, IOException {
        LOG.info(() -> "Account page refused (" + refusal.status() + "): " + refusal.title());
        response.setStatus(refusal.status());
        response.setHeader("Cache-Control", "no-store");
        request.setAttribute("refusalTitle", refusal.title());
        request.setAttribute("refusalMessage", refusal.message());
        request.setAttribute("refusalNext", refusal.next());
        request.setAttribute("refusalActionPath", refusal.actionPath());
        request.setAttribute("refusalActionLabel", refusal.actionLabel());
        request.getRequestDispatcher("/WEB-INF/pages/account-problem.jsp").forward(request, response);
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, AccountApiException e,
            String providerName) throws ServletException, IOException {
        LOG.info(() -> e.getMessage());
        refuse(request, response, Refusal.of(e, providerName));
    }

    static void unavailable(HttpServletRequest request, HttpServletResponse response, ProviderException e)
            throws ServletException, IOException {
        LOG.warning("Account API unavailable: " + e.getMessage());
        refuse(request, response, Refusal.unavailable());
    }

    static void signInAgain(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        refuse(request, response, new Refusal(401, "Please sign in again", "This session holds no token for "
                + "Logto's Account API (offline_access was not granted, or the session ended).",
                "Sign in again, then open your account page.", "/api/logto/sign-in?returnTo=/account", "Sign in"));
    }
}
