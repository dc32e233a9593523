package com.example.logto.security.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/** Signed-in users as the mechanism makes them at sign-in, for tests of other packages. */
public final class SignedInUsers {

    private SignedInUsers() {
    }

    /** {@code subject} signed in just now, tokens valid for an hour; the ID token carries only {@code sub}. */
    public static SignedInUser signedIn(String subject) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String idToken = base64.encodeToString("{\"alg\":\"ES384\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + ".sig";
        return new SignedInUser(subject, Set.of(), idToken, "access", Instant.now().plusSeconds(3600), "refresh");
    }
}
