package com.example.logto.devprovider;

/**
 * The ways a test can make the provider misbehave, one at a time, each named after what a hostile or broken
 * OpenID Provider does (most map to an OpenID Foundation relying-party conformance test, named in brackets).
 *
 * <pre>{@code
 * provider.misbehave(Fault.ID_TOKEN_ALG_NONE);   // the next ID tokens are unsigned
 * ...
 * provider.reset();                             // Logto-like again
 * }</pre>
 *
 * Signing faults publish the key they use in the JWKS while active (the RP refetches on an unknown {@code kid});
 * {@link LogtoDevProvider#advertiseSigningAlgorithms} sets what discovery lists.
 */
public enum Fault {

    /** Unsigned ID token, header {@code alg: none} [rp-id_token-sig-none]. */
    ID_TOKEN_ALG_NONE,
    /** ES384 with the current {@code kid}, signed by another key [rp-id_token-bad-sig-es384]. */
    ID_TOKEN_BAD_SIGNATURE_ES384,
    /** RS256 with a published RSA key's {@code kid}, signed by another key [rp-id_token-bad-sig-rs256]. */
    ID_TOKEN_BAD_SIGNATURE_RS256,
    /** A valid RS256 signature from a published RSA key [rp-id_token-sig-rs256]. */
    ID_TOKEN_SIGNED_RS256,
    /** A valid ES256 signature from a published P-256 key [rp-id_token-sig-es256]. */
    ID_TOKEN_SIGNED_ES256,
    /** A valid ES512 signature from a published P-521 key: an algorithm discovery does not list. */
    ID_TOKEN_SIGNED_ES512,
    /** {@code aud} names another client [rp-id_token-aud]. */
    ID_TOKEN_WRONG_AUDIENCE,
    /** {@code iss} is another issuer [rp-id_token-issuer-mismatch]. */
    ID_TOKEN_WRONG_ISSUER,
    /** No {@code iat} [rp-id_token-iat]. */
    ID_TOKEN_WITHOUT_IAT,
    /** {@code exp} ten minutes ago. */
    ID_TOKEN_EXPIRED,
    /** No {@code sub} [rp-id_token-sub]. */
    ID_TOKEN_WITHOUT_SUB,
    /** {@code sub} names another user: after a refresh, another person than the one signed in (Core 12.2). */
    ID_TOKEN_ANOTHER_SUBJECT,
    /** {@code nonce} is not the one the RP sent [rp-nonce-invalid]. */
    ID_TOKEN_WRONG_NONCE,
    /**
     * No {@code roles} in the ID token: a tenant that has taken {@code roles} off its extended ID-token claims
     * ({@code PUT /api/configs/id-token}); userinfo still has them.
     */
    ID_TOKEN_WITHOUT_ROLES,
    /** Header without {@code kid} [rp-id_token-kid-absent-single-jwks, -multiple-jwks]. */
    ID_TOKEN_WITHOUT_KID,
    /** Header {@code kid} that no published key has. */
    ID_TOKEN_UNKNOWN_KID,
    /** Userinfo answers with another user's {@code sub} [rp-userinfo-bad-sub-claim]. */
    USERINFO_WRONG_SUB,
    /** The token endpoint refuses {@code client_secret_post}: only HTTP Basic is accepted. */
    TOKEN_ENDPOINT_BASIC_ONLY,
    /** Refresh-token grants fail with {@code invalid_grant}, as after a revocation at Logto. */
    REFRESH_REJECTED,
    /** The JWKS endpoint answers 503. */
    JWKS_DOWN,
    /** Every endpoint waits 15 s before answering: Logto overloaded. */
    SLOW,
    /**
     * The token endpoint takes each request and never answers, until {@link LogtoDevProvider#reset()} (at most
     * 60 s), then closes the connection: Logto black-holed behind a load balancer, where a refused connection
     * ({@link #DOWN}) would fail fast.
     */
    TOKEN_ENDPOINT_HANGS,
    /** Every connection is closed without an answer: Logto down behind its load balancer. */
    DOWN
}
