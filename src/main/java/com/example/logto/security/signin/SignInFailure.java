package com.example.logto.security.signin;

/**
 * Why a sign-in could not start or complete, with the status and the words the user sees. The
 * mechanism records it as a request attribute; the sign-in servlets render it with a retry link.
 */
public enum SignInFailure {

    /** A callback without a sign-in started in this browser session: replayed, bookmarked, forged or expired. */
    NO_PENDING_SIGN_IN(400, "This sign-in link has expired",
            "It was already used, or it was started in another browser or too long ago."),

    /** Logto's answer did not pass the checks: wrong state, rejected code, or an ID token that failed validation. */
    REJECTED(400, "Sign-in could not be completed",
            "The answer from the sign-in service could not be verified."),

    /** Logto could not be reached, or answered with a server error, within the time allowed. */
    PROVIDER_UNAVAILABLE(503, "The sign-in service is not available",
            "It did not answer in time. Please try again in a moment.");

    public static final String ATTRIBUTE = SignInFailure.class.getName();

    private final int status;
    private final String title;
    private final String message;

    SignInFailure(int status, String title, String message) {
        this.status = status;
        this.title = title;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String message() {
        return message;
    }
}
