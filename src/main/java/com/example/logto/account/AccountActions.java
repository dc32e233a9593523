package com.example.logto.account;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/** The actions of {@code /account} for one request (see {@link AccountServlet}). */
final class AccountActions {

    private static final Logger LOG = Logger.getLogger(AccountActions.class.getName());
    /** A stored provider token without {@code expires_in} is asked for again after this (seconds). */
    private static final long MAX_TOKEN_CACHE = 300;

    private final LogtoConfig config;
    private final AccountApiClient api;
    private final ProviderApi providerApi;
    private final AccountSession session;
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    AccountActions(LogtoConfig config, AccountApiClient api, ProviderApi providerApi, AccountSession session,
            HttpServletRequest request, HttpServletResponse response) {
        this.config = config;
        this.api = api;
        this.providerApi = providerApi;
        this.session = session;
        this.request = request;
        this.response = response;
    }

    void run(String token, String action) throws AccountApiException, ProviderException, ServletException,
            IOException {
        switch (action) {
            case "password" -> {
                String password = request.getParameter("password");
                if (password == null || password.isEmpty()) {
                    show(token, then(), null, null);
                    return;
                }
                session.keepStepUp(api.verifyPassword(token, password));
                if (then() == null) {
                    redirectToAccount();
                } else {
                    run(token, then());
                }
            }
            case "link" -> link(token);
            case "unlink" -> unlink(token);
            default -> callProvider(token);
        }
    }

    /**
     * The account page; {@code passwordFor} shows the password form for that action, {@code answer} the provider
     * API's answer, {@code continueUri} the button to the provider once a link has started.
     */
    void show(String token, String passwordFor, ProviderApi.Answer answer, String continueUri)
            throws AccountApiException, ProviderException, ServletException, IOException {
        AccountProfile profile = api.profile(token);
        request.setAttribute("account", new AccountView(profile, config.getOidcConnectorTarget(),
                config.getOidcConnectorName(), config.getOidcConnectorApiUrl() != null,
                session.stepUp(Instant.now()).orElse(null), passwordFor, session.takeNotice().orElse(null), answer,
                continueUri));
        response.setHeader("Cache-Control", "no-store");
        request.getRequestDispatcher("/WEB-INF/pages/account.jsp").forward(request, response);
    }

    private void link(String token) throws AccountApiException, ProviderException, ServletException, IOException {
        Optional<StepUp> stepUp = session.stepUp(Instant.now());
        if (stepUp.isEmpty()) {
            show(token, "link", null, null);
            return;
        }
        String state = AccountSession.newState();
        AccountAnswers.SocialStart start = api.startSocial(token, config.getOidcConnectorId(), state);
        session.startLink(new AccountSession.PendingLink(state, start.recordId(),
                Instant.now().plus(AccountSession.linkLifetime())));
        show(token, null, null, start.authorizationUri());
    }

    private void unlink(String token) throws AccountApiException, ProviderException, ServletException, IOException {
        String target = config.getOidcConnectorTarget();
        String name = config.getOidcConnectorName();
        AccountProfile profile = api.profile(token);
        if (profile.identity(target).isEmpty()) {
            AccountPages.refuse(request, response, Refusal.of(404, "Not linked", "No " + name
                    + " account is linked to yours.", "Reload your account page."));
            return;
        }
        switch (profile.otherSignInThan(target)) {
            case NO -> {
                AccountPages.refuse(request, response, Refusal.of(409, "This is your only way to sign in",
                        "Your account has no password, email, phone or other linked account, so without " + name
                                + " you could not sign in again.", "Add another way to sign in first (e.g. a "
                                + "password in Logto), then unlink."));
                return;
            }
            case UNKNOWN -> {
                AccountPages.refuse(request, response, Refusal.of(409, "Unlinking is not safe to allow",
                        "Logto does not show whether your account has a password, so this app cannot tell whether "
                                + "you could still sign in without " + name + ".",
                        "Ask the administrator to make the Account Center's Password field ReadOnly "
                                + "(./provision does)."));
                return;
            }
            default -> { }
        }
        Optional<StepUp> stepUp = session.stepUp(Instant.now());
        if (stepUp.isEmpty()) {
            show(token, "unlink", null, null);
            return;
        }
        try {
            api.unlink(token, stepUp.get(), target);
        } catch (AccountApiException e) {
            if (!e.code().equals("verification_record.permission_denied")) {
                throw e;
            }
            session.dropStepUp(); // Logto no longer accepts the record: ask again
            show(token, "unlink", null, null);
            return;
        }
        session.dropProviderToken();
        session.notice("Your " + name + " account is no longer linked.");
        redirectToAccount();
    }

    /** "Call … API": the stored provider token (cached until shortly before expires_in), then the provider. */
    private void callProvider(String token) throws AccountApiException, ProviderException, ServletException,
            IOException {
        if (config.getOidcConnectorApiUrl() == null) {
            AccountPages.refuse(request, response, Refusal.of(404, "No provider API configured",
                    "This app has no LOGTO_OIDC_CONNECTOR_API_URL.", "Set it to the provider's API URL."));
            return;
        }
        Instant now = Instant.now();
        Optional<ProviderToken> cached = session.providerToken(now);
        ProviderToken providerToken = cached.isPresent() ? cached.get()
                : api.providerToken(token, config.getOidcConnectorTarget(), MAX_TOKEN_CACHE);
        session.keepProviderToken(providerToken);
        ProviderApi.Answer answer;
        try {
            answer = providerApi.call(providerToken);
        } catch (IOException e) {
            LOG.warning("The provider API could not be reached: " + e.getClass().getSimpleName());
            AccountPages.refuse(request, response, Refusal.of(503, config.getOidcConnectorName()
                    + " cannot be reached", "Its API did not answer in time.", "Try again in a moment."));
            return;
        }
        if (answer.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            session.dropProviderToken(); // revoked upstream: the next call asks Logto again
        }
        show(token, null, answer, null);
    }

    private String then() {
        String then = request.getParameter("then");
        return "link".equals(then) || "unlink".equals(then) ? then : null;
    }

    private void redirectToAccount() {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", config.getBaseUrl() + LogtoConfig.ACCOUNT_PATH);
    }
}
