package com.example.logto.account;

import java.io.Serializable;
import java.time.Instant;

/**
 * The provider's access token that Logto keeps in its Secret Vault for a linked identity, cached in the session
 * until {@code refreshAfter}. It is sent to the provider's API and nowhere else: never to the browser, never to a
 * log ({@link #toString()} leaves it out).
 */
record ProviderToken(String value, String type, Instant refreshAfter) implements Serializable {

    boolean validAt(Instant now) {
        return now.isBefore(refreshAfter);
    }

    @Override
    public String toString() {
        return "ProviderToken[type=" + type + ", refreshAfter=" + refreshAfter + "]";
    }
}
