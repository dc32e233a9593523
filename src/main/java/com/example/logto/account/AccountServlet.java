package com.example.logto.account;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.session.SessionTokens;
import com.example.logto.security.provider.TokenClient.RefusedException;
import com.example.logto.web.CurrentUser;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code /account} (signed-in users, web.xml): the user's linked accounts from Logto's Account API, with Link,
 * Unlink and "Call … API" for the configured connector ({@code LOGTO_OIDC_CONNECTOR_ID}). Every POST carries the
 * session's CSRF token; link and unlink first ask for the password (a verification record, 10 minutes).
 *
 * <pre>
 * POST action=link      -> password? -> POST /api/verifications/social -> "Continue to" the provider
 *                          -> LinkCallbackServlet
 * POST action=unlink    -> last sign-in method? -> password? -> DELETE /api/my-account/identities/{target}
 * POST action=password  -> POST /api/verifications/password, then the action waiting for it ("then")
 * POST action=call      -> GET .../identities/{target}/access-token (cached) -> the provider's API
 * </pre>
 */
@WebServlet(LogtoConfig.ACCOUNT_PATH)
public class AccountServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AccountServlet.class.getName());

    @Inject
    private LogtoConfig config;

    @Inject
    private SessionTokens tokens;

    @Inject
    private AccountApiClient api;

    @Inject
    private ProviderApi providerApi;

    @Inject
    private CurrentUser user;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (AccountPages.notOffered(config, response)) {
            return;
        }
        handle(request, response, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (AccountPages.notOffered(config, response)) {
            return;
        }
        if (!AccountPages.fromThisSite(request, user)) {
            AccountPages.refuse(request, response, Refusal.of(403, "The request was not confirmed",
                    "The form did not come from this site's account page.", "Open your account page and try again."));
            return;
        }
        String action = request.getParameter("action");
        if (!"link".equals(action) && !"unlink".equals(action) && !"password".equals(action)
                && !"call".equals(action)) {
            AccountPages.refuse(request, response, Refusal.of(400, "Unknown action",
                    "The account page does not know that action.", "Go back to your account page."));
            return;
        }
        handle(request, response, action);
    }

    /** Runs {@code action} (null: just show the page), turning every expected failure into a refusal page. */
    private void handle(HttpServletRequest request, HttpServletResponse response, String action)
            throws ServletException, IOException {
        AccountActions actions = new AccountActions(config, api, providerApi, new AccountSession(
                request.getSession()), request, response);
        try {
            String token = AccountPages.accountToken(tokens, request.getSession());
            if (action == null) {
                actions.show(token, null, null, null);
            } else {
                actions.run(token, action);
            }
        } catch (AccountApiException e) {
            AccountPages.refuse(request, response, e, config.getOidcConnectorName());
        } catch (RefusedException | IllegalStateException e) {
            LOG.info("No Account API token: " + e.getMessage());
            AccountPages.signInAgain(request, response);
        } catch (ProviderException e) {
            AccountPages.unavailable(request, response, e);
        }
    }
}
