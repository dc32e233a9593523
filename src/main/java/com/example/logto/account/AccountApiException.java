package com.example.logto.account;

/**
 * Logto's Account API answered with an error: the HTTP status and Logto's error {@code code} (e.g.
 * {@code verification_record.permission_denied}). Branch on the code, not only the status: Logto answers 400 for
 * most errors, and a 401 can name the provider's token rather than the user's (Logto {@code RequestError}; {@code routes/account/third-party-tokens.ts}).
 */
public final class AccountApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public AccountApiException(int status, String code, String message) {
        super("Account API answered HTTP " + status + " " + code + ": " + message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
