package com.example.logto.security.token;

import com.example.logto.security.provider.ProviderKeys;
import com.example.logto.config.LogtoConfig;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a back-channel {@code logout_token} as OpenID Connect Back-Channel Logout 1.0 2.6 requires, for the
 * tokens Logto sends (docs/logto.md §4):
 *
 * <ol>
 * <li>a JWS signed by a key of Logto's JWKS (ES384 by default), header {@code typ: logout+jwt};</li>
 * <li>{@code iss} = Logto's issuer, {@code aud} = this app's id, {@code iat} within the last 5 minutes (Logto
 *     sets {@code exp} = iat + 120 s, which is checked too);</li>
 * <li>{@code events} holds {@code http://schemas.openid.net/event/backchannel-logout}, there is no {@code nonce}
 *     (so an ID token cannot pose as a logout token), and {@code sid} or {@code sub} is present;</li>
 * <li>its {@code jti} has not been seen before on this server (replay).</li>
 * </ol>
 */
@ApplicationScoped
public class LogoutTokenVerifier {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    @Inject
    private LogtoConfig config;

    @Inject
    private ProviderKeys keys;

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    /** Why a logout token was refused; the message names the rule and never contains the token. */
    public static final class InvalidLogoutTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidLogoutTokenException(String message) {
            super(message, null, false, false);
        }
    }

    /** The verified claims; each token is accepted once. */
    public JWTClaimsSet verify(String token) throws InvalidLogoutTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidLogoutTokenException("logout_token is missing");
        }
        JWTClaimsSet claims;
        try {
            claims = keys.processor(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")),
                    new DefaultJWTClaimsVerifier<>(config.getAppId(), new JWTClaimsSet.Builder()
                            .issuer(config.getIssuer()).build(), Set.of("iat", "jti", "events")))
                    .process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException | IOException e) {
            throw new InvalidLogoutTokenException("not a valid logout token: " + e.getMessage());
        }
        Instant now = Instant.now();
        Instant issued = claims.getIssueTime().toInstant();
        if (issued.isBefore(now.minus(MAX_AGE)) || issued.isAfter(now.plus(Duration.ofMinutes(1)))) {
            throw new InvalidLogoutTokenException("iat is not within the last " + MAX_AGE.toMinutes() + " minutes");
        }
        if (!(claims.getClaim("events") instanceof Map<?, ?> events && events.get(EVENT) instanceof Map)) {
            throw new InvalidLogoutTokenException("events has no " + EVENT + " member");
        }
        if (claims.getClaim("nonce") != null) {
            throw new InvalidLogoutTokenException("a logout token must not contain a nonce");
        }
        if (claims.getClaim("sid") == null && claims.getSubject() == null) {
            throw new InvalidLogoutTokenException("neither sid nor sub is present");
        }
        seen.values().removeIf(until -> until.isBefore(now));
        if (seen.putIfAbsent(claims.getJWTID(), issued.plus(MAX_AGE)) != null) {
            throw new InvalidLogoutTokenException("jti was already used (replay)");
        }
        return claims;
    }
}
