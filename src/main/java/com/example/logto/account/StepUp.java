package com.example.logto.account;

import java.io.Serializable;
import java.time.Instant;

/**
 * A password verification record of Logto's Account API: the proof link and unlink need in the
 * {@code logto-verification-id} header. Logto keeps it 10 minutes from creation and never extends it
 * (Logto {@code queries/verification-records.ts}, {@code libraries/verification.ts}), so the session keeps its {@code expiresAt} and asks for the password again after it.
 */
record StepUp(String recordId, Instant expiresAt) implements Serializable {

    boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "StepUp[expiresAt=" + expiresAt + "]";
    }
}
