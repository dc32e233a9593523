package com.example.logto.security.signin;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.provider.ProviderMetadata;
import com.example.logto.security.provider.TokenClient;
import com.example.logto.security.session.SignedInUser;
import com.example.logto.security.token.IdTokenVerifier;
import com.example.logto.security.token.IdTokenVerifier.InvalidIdTokenException;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Completes a sign-in at the callback, the step of the authorization code flow that Soteria would otherwise take
 * (README, "Who does what at sign-in"): Soteria builds the authorization request, and this class checks what Logto
 * sends back, with the JDK's HTTP client and the same checks.
 *
 * <pre>
 * GET /api/logto/sign-in-callback?code=...&amp;state=...&amp;iss=https://tenant.logto.app/oidc
 *  1. state   = the one the pending sign-in was sent with (constant-time compare)   else REJECTED
 *  2. iss     = Logto's issuer, if sent (RFC 9207, what Logto sends)                   else REJECTED
 *  3. POST /oidc/token grant_type=authorization_code, code_verifier (PKCE)
 *                                                      4xx: REJECTED, timeout/5xx: PROVIDER_UNAVAILABLE
 *  4. the ID token: IdTokenVerifier.verifySignIn(idToken, nonce)                        else REJECTED
 *  5. roles   = the ID token's roles claim; userinfo only if the tenant leaves it out of ID tokens
 * </pre>
 *
 * Why not Soteria: its code exchange builds a new JAX-RS client for every token and userinfo call, which made a
 * sign-in cost several times the CPU of {@code @logto/next}'s (bench/README.md, "Where a sign-in's CPU goes").
 * Soteria's ID-token checks are all here (iss, aud, azp, exp, iat, sub, nonce, signature with the discovery's keys),
 * plus those it leaves out ({@link com.example.logto.security.token.IdTokenGuard}); ConformanceIT runs every case
 * against this class.
 */
@ApplicationScoped
public class CallbackSignIn {

    @Inject
    private LogtoConfig config;

    @Inject
    private ProviderMetadata metadata;

    @Inject
    private TokenClient tokenClient;

    @Inject
    private IdTokenVerifier idTokens;

    @Inject
    private ProviderClient provider;

    /** Why a callback did not sign anyone in: the page to show, and the reason to log (never a token). */
    public static final class RefusedCallbackException extends Exception {
        private static final long serialVersionUID = 1L;
        private final SignInFailure failure;

        RefusedCallbackException(SignInFailure failure, String reason, Throwable cause) {
            super(reason, cause, false, false);
            this.failure = failure;
        }

        public SignInFailure failure() {
            return failure;
        }
    }

    /** The user Logto has signed in with this callback of the sign-in {@code pending}. */
    public SignedInUser complete(HttpServletRequest callback, SignInRequest pending) throws RefusedCallbackException {
        if (pending.state() == null || pending.codeVerifier() == null
                || !sameText(pending.state(), callback.getParameter("state"))) {
            throw refused("the state does not match the sign-in under way", null);
        }
        String iss = callback.getParameter("iss");
        if (iss != null && !iss.equals(config.getIssuer())) {
            throw refused("the authorization response names another issuer (RFC 9207)", null);
        }
        try {
            TokenClient.Tokens tokens = tokenClient.exchangeCode(metadata.endpoint("token_endpoint"),
                    callback.getParameter("code"), config.getRedirectUri(), pending.codeVerifier());
            JWTClaimsSet claims = idTokens.verifySignIn(tokens.idToken(), pending.nonce());
            Instant idTokenExpiry = claims.getExpirationTime().toInstant();
            Instant expiry = tokens.expiresAt().isBefore(idTokenExpiry) ? tokens.expiresAt() : idTokenExpiry;
            return new SignedInUser(claims.getSubject(), roles(claims, tokens.accessToken()), tokens.idToken(),
                    tokens.accessToken(), expiry, tokens.refreshToken());
        } catch (TokenClient.RefusedException | InvalidIdTokenException e) {
            throw refused(e.getMessage(), e);
        } catch (ProviderException e) {
            throw new RefusedCallbackException(SignInFailure.PROVIDER_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /**
     * The caller's groups, Logto's {@code roles} (callerGroupsClaim). Logto puts them into the ID token unless the
     * tenant has taken {@code roles} off its extended ID-token claims ({@code PUT /api/configs/id-token},
     * docs/logto.md §2); only then are they read from userinfo, whose {@code sub} must be the ID token's (Core 5.3.2).
     */
    private Set<String> roles(JWTClaimsSet claims, String accessToken) throws ProviderException,
            RefusedCallbackException {
        Optional<Set<String>> inIdToken = IdTokenVerifier.roles(claims);
        if (inIdToken.isPresent()) {
            return inIdToken.get();
        }
        if (!Arrays.asList(config.getScope().split(" ")).contains("roles")) {
            return Set.of();
        }
        JsonObject userInfo = provider.userInfo(metadata.endpoint("userinfo_endpoint"), accessToken);
        if (!claims.getSubject().equals(userInfo.getString("sub", null))) {
            throw refused("userinfo names another user than the ID token", null);
        }
        return userInfo.get("roles") instanceof JsonArray roles
                ? roles.stream().filter(JsonString.class::isInstance).map(role -> ((JsonString) role).getString())
                        .collect(Collectors.toUnmodifiableSet())
                : Set.of();
    }

    private static boolean sameText(String expected, String received) {
        return received != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.getBytes(StandardCharsets.UTF_8));
    }

    private static RefusedCallbackException refused(String reason, Throwable cause) {
        return new RefusedCallbackException(SignInFailure.REJECTED, reason, cause);
    }
}
