package com.example.logto.account;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.session.SessionTokens;
import com.example.logto.security.session.SignedInUser;
import com.example.logto.security.provider.TokenClient.RefusedException;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /account/link-callback}: where the provider returns the browser during a link (register this URI at the
 * provider's client). Logto never checks {@code state} here (connector-oidc's {@code authResponseGuard} accepts it and never compares it), so this route does: only the
 * session that started the link, with its state, once, within 10 minutes, goes on to
 * {@code POST /api/verifications/social/verify} and {@code POST /api/my-account/identities}. A forged, replayed or
 * session-less request gets a 4xx page and changes nothing; the route is not protected, so it never redirects such
 * a request to a sign-in.
 */
@WebServlet(LogtoConfig.LINK_CALLBACK_PATH)
public class LinkCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private LogtoConfig config;

    @Inject
    private SessionTokens tokens;

    @Inject
    private AccountApiClient api;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (AccountPages.notOffered(config, response)) {
            return;
        }
        HttpSession session = request.getSession(false);
        Optional<AccountSession.PendingLink> pending = SignedInUser.of(session) == null ? Optional.empty()
                : new AccountSession(session).pendingLink();
        if (pending.isEmpty()) {
            AccountPages.refuse(request, response, Refusal.of(400, "No link in progress", "This address only "
                    + "finishes a link started from your account page, in this browser, and only once.",
                    "Open your account page and choose Link."));
            return;
        }
        if (!pending.get().stateMatches(request.getParameter("state"))) {
            AccountPages.refuse(request, response, Refusal.of(400, "This answer is not for your link",
                    "The provider's answer does not carry the state of the link you started.",
                    "Open your account page and link again."));
            return;
        }
        AccountSession account = new AccountSession(session);
        account.endLink();
        finish(request, response, account, pending.get());
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, AccountSession account,
            AccountSession.PendingLink link) throws ServletException, IOException {
        String name = config.getOidcConnectorName();
        if ("access_denied".equals(request.getParameter("error"))) {
            AccountPages.refuse(request, response, Refusal.of(400, "Linking was cancelled", "You left " + name
                    + " without allowing access, so nothing was linked.", "Link again whenever you like."));
            return;
        }
        Instant now = Instant.now();
        Optional<StepUp> stepUp = account.stepUp(now);
        if (!now.isBefore(link.expiresAt()) || stepUp.isEmpty()) {
            AccountPages.refuse(request, response, Refusal.of(409, "Your confirmation has expired",
                    "Logto keeps a password confirmation and a link for 10 minutes, and it has run out.",
                    "Link again: you will be asked for your password."));
            return;
        }
        try {
            String token = AccountPages.accountToken(tokens, request.getSession());
            api.verifySocial(token, link.socialRecordId(), callbackParameters(request));
            api.link(token, stepUp.get(), link.socialRecordId());
        } catch (AccountApiException e) {
            if (e.code().equals("verification_record.permission_denied")) {
                account.dropStepUp();
            }
            AccountPages.refuse(request, response, e, name);
            return;
        } catch (RefusedException | IllegalStateException e) {
            AccountPages.signInAgain(request, response);
            return;
        } catch (ProviderException e) {
            AccountPages.unavailable(request, response, e);
            return;
        }
        account.dropProviderToken();
        account.notice("Your " + name + " account is now linked.");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", config.getBaseUrl() + LogtoConfig.ACCOUNT_PATH);
    }

    /** Logto's {@code connectorData}: every query parameter of the callback, as strings (first value each). */
    private static Map<String, String> callbackParameters(HttpServletRequest request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                parameters.put(name, values[0]);
            }
        });
        return parameters;
    }
}
