package com.example.logto.account;

/**
 * A refusal shown as a page ({@code account-problem.jsp}): the status, what happened, what to do next, and a button
 * to go on. The session and the user's identities are left as they were.
 */
record Refusal(int status, String title, String message, String next, String actionPath, String actionLabel) {

    private static final String ACCOUNT = "/account";

    static Refusal of(int status, String title, String message, String next) {
        return new Refusal(status, title, message, next, ACCOUNT, "Back to your account");
    }

    /** Logto's answer, by its error code (Logto v1.37.0, {@code packages/phrases/src/locales/en/errors/}), as the user can act on it. */
    static Refusal of(AccountApiException e, String providerName) {
        return switch (e.code()) {
            case "account_center.not_enabled" -> of(409, "The Account Center is off in Logto",
                    "Logto refuses every Account API call until its Account Center is turned on.",
                    "Ask the administrator to turn it on (Console > Account center, or ./provision, which also sets "
                            + "Social to Edit).");
            case "account_center.field_not_editable" -> of(409, "Linking is not allowed in Logto",
                    "Logto's Account Center does not let users edit their social accounts.",
                    "Ask the administrator to set the Account Center's Social field to Edit (./provision does).");
            case "session.invalid_credentials" -> of(422, "Wrong password",
                    "Logto did not accept that password.", "Try again with your Logto password.");
            case "verification_record.permission_denied", "verification_record.not_found" -> of(409,
                    "Your confirmation has expired", "Logto keeps a password confirmation or a link for "
                            + "10 minutes, and it has run out.", "Start again: you will be asked for your password.");
            case "user.identity_already_in_use" -> e.status() == 422
                    ? of(409, "That account belongs to another user", "This " + providerName
                            + " account is already linked to another user of this app.",
                            "Sign in at " + providerName + " with another account, or sign in as that user.")
                    : of(409, "Already linked", "Your account already has a " + providerName + " account linked.",
                            "Unlink it first if you want to link another one.");
            case "user.identity_not_exist" -> of(404, "Not linked", "No " + providerName
                    + " account is linked to yours.", "Reload your account page.");
            case "secrets.third_party_token_set.token_not_found" -> of(404, "No " + providerName + " token stored",
                    "Logto holds no token of " + providerName + " for you: the account was linked before token "
                            + "storage was on, or the token was removed.",
                    "Unlink and link " + providerName + " again, with \"Store tokens\" on at the connector.");
            case "secrets.third_party_token_set.access_token_expired" -> of(409, "The " + providerName
                    + " token has expired", "Logto's stored token of " + providerName + " ran out and it had no "
                            + "refresh token to renew it, so Logto removed it.",
                    "Unlink and link " + providerName + " again (the connector needs offline_access and "
                            + "prompt=consent for a refresh token).");
            case "auth.unauthorized", "auth.forbidden" -> new Refusal(403, "Logto refused your token",
                    "The Account API needs Logto's opaque token with the identities scope, which this sign-in "
                            + "did not grant.", "Sign out and sign in again.", "/api/logto/sign-out",
                    "Sign out");
            default -> of(502, "Logto refused the request", "Logto answered " + e.code() + ".",
                    "Try again; if it persists, tell the administrator this code.");
        };
    }

    static Refusal unavailable() {
        return of(503, "Logto cannot be reached", "The account service did not answer in time.",
                "Try again in a moment; nothing was changed.");
    }
}
