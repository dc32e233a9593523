package com.example.logto.security.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PKCE (RFC 7636) for one sign-in: a random {@code code_verifier} kept in the pending sign-in, and its S256
 * {@code code_challenge} sent with the authorization request. A code that leaks from the callback (browser history,
 * a proxy's log, a referrer) is then worthless without the session that started the sign-in. Logto requires PKCE
 * only from public clients, but enforces it whenever a challenge was sent, and its own SDKs always send one; the
 * OAuth 2.0 Security BCP (RFC 9700, 2.1.1) asks confidential clients to use it too. Soteria builds the authorization
 * request without it, so the challenge is appended to Soteria's redirect, and {@link CallbackSignIn} sends the
 * verifier with the code.
 *
 * <pre>
 * ProofKey key = ProofKey.create();
 * key.appendTo("https://t/oidc/auth?...")
 *     // ...&amp;code_challenge=BASE64URL(SHA-256(verifier))&amp;code_challenge_method=S256
 * key.verifier()                            // 43 characters of [A-Za-z0-9_-], 256 random bits
 * </pre>
 */
final class ProofKey {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String verifier;

    private ProofKey(String verifier) {
        this.verifier = verifier;
    }

    static ProofKey create() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ProofKey(BASE64URL.encodeToString(bytes));
    }

    String verifier() {
        return verifier;
    }

    /** {@code BASE64URL(SHA-256(ASCII(code_verifier)))}, RFC 7636 4.2. */
    String challenge() {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The authorization request with this key's challenge. */
    String appendTo(String authorizationUrl) {
        return authorizationUrl + (authorizationUrl.indexOf('?') < 0 ? '?' : '&') + "code_challenge=" + challenge()
                + "&code_challenge_method=S256";
    }
}
