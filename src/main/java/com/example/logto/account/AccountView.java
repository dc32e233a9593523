package com.example.logto.account;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What {@code account.jsp} shows ({@code ${account.…}}): the identities, the configured connector and whether it
 * is linked, the password step-up, a notice, and the provider API's answer after "Call … API".
 */
public final class AccountView {

    private final AccountProfile profile;
    private final String connectorTarget;
    private final String connectorName;
    private final boolean canCall;
    private final StepUp stepUp;
    private final String passwordFor;
    private final String notice;
    private final ProviderApi.Answer answer;
    private final String continueUri;

    AccountView(AccountProfile profile, String connectorTarget, String connectorName, boolean canCall,
            StepUp stepUp, String passwordFor, String notice, ProviderApi.Answer answer, String continueUri) {
        this.continueUri = continueUri;
        this.profile = profile;
        this.connectorTarget = connectorTarget;
        this.connectorName = connectorName;
        this.canCall = canCall;
        this.stepUp = stepUp;
        this.passwordFor = passwordFor;
        this.notice = notice;
        this.answer = answer;
    }

    public List<LinkedIdentity> getIdentities() {
        return profile.identities();
    }

    /** False when Logto left the identities out: no {@code identities} scope, or the social field is Off. */
    public boolean isIdentitiesListed() {
        return profile.identitiesListed();
    }

    public String getConnectorTarget() {
        return connectorTarget;
    }

    public String getConnectorName() {
        return connectorName;
    }

    public boolean isLinked() {
        return profile.identity(connectorTarget).isPresent();
    }

    /** "Call … API" is offered for the linked connector when an API URL is configured. */
    public boolean isCanCall() {
        return canCall && isLinked();
    }

    /** When the password confirmation runs out (UTC, to the second), or null when there is none. */
    public String getStepUpExpiresAt() {
        return stepUp == null ? null : DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC)
                .format(stepUp.expiresAt());
    }

    /** "link" or "unlink" when that action waits for the password; null otherwise. */
    public String getPasswordFor() {
        return passwordFor;
    }

    public String getNotice() {
        return notice;
    }

    public ProviderApi.Answer getAnswer() {
        return answer;
    }

    /**
     * The provider's authorization URL once a link has started. The page links to it rather than the server
     * redirecting the form's POST there: browsers apply the page's CSP {@code form-action} to redirects after a
     * submit (CSP 3, 6.3.1), and the provider's origin is only known from Logto's answer.
     */
    public String getContinueUri() {
        return continueUri;
    }
}
