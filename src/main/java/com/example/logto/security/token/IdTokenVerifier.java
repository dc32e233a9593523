package com.example.logto.security.token;

import com.example.logto.security.provider.ProviderKeys;
import com.example.logto.security.provider.ProviderMetadata;
import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies the ID tokens of a session: the one the code exchange brings at sign-in (OpenID Connect Core 3.1.3.7),
 * and the one each refresh brings, before it replaces the session's one (Core 12.2).
 *
 * <ol>
 * <li>{@link IdTokenGuard}: signed, with an algorithm Logto's discovery lists (never {@code none});</li>
 * <li>the signature verifies with a key of Logto's JWKS ({@link ProviderKeys}, cached, refetched for an unknown
 *     {@code kid}); {@code typ}, if present, is {@code JWT};</li>
 * <li>{@code iss} is Logto's issuer, {@code aud} holds this app's id, {@code azp}, if present or if there are other
 *     audiences, is this app's id, {@code exp} is in the future and {@code iat} is present and not in the future
 *     (Core 3.1.3.7 steps 2 to 5, 9 and 10; a minute of clock skew, Nimbus' default);</li>
 * <li>at sign-in, {@code nonce} is the one the authorization request sent (step 11);</li>
 * <li>after a refresh, {@code sub} is the signed-in user's: a refresh never changes who is signed in (Core 12.2).</li>
 * </ol>
 */
@ApplicationScoped
public class IdTokenVerifier {

    @Inject
    private LogtoConfig config;

    @Inject
    private ProviderKeys keys;

    @Inject
    private ProviderMetadata metadata;

    /** Why a refreshed ID token was refused; the message names the rule, never the token. */
    public static final class InvalidIdTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidIdTokenException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The caller's groups in a verified ID token: Logto's {@code roles} claim (callerGroupsClaim); empty when the token
     * does not carry the claim (a tenant can leave it out of ID tokens), {@code roles: []} being no roles.
     */
    public static Optional<Set<String>> roles(JWTClaimsSet claims) {
        return claims.getClaim("roles") instanceof List<?> list
                ? Optional.of(list.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet()))
                : Optional.empty();
    }

    /** The claims of the ID token of the code exchange, whose authorization request sent {@code nonce}. */
    public JWTClaimsSet verifySignIn(String idToken, String nonce) throws InvalidIdTokenException, ProviderException {
        if (nonce == null) {
            throw new InvalidIdTokenException("the authorization request sent no nonce to compare");
        }
        return verify(idToken, new JWTClaimsSet.Builder().issuer(config.getIssuer()).claim("nonce", nonce).build(),
                "the ID token");
    }

    /** The claims of {@code idToken}, received with a refresh for the user {@code subject}. */
    public JWTClaimsSet verifyRefreshed(String idToken, String subject) throws InvalidIdTokenException, ProviderException {
        if (idToken == null) {
            throw new InvalidIdTokenException("the refresh response has no ID token (is openid in the scopes?)");
        }
        return verify(idToken, new JWTClaimsSet.Builder().issuer(config.getIssuer()).subject(subject).build(),
                "the refreshed ID token");
    }

    private JWTClaimsSet verify(String idToken, JWTClaimsSet exactly, String what)
            throws InvalidIdTokenException, ProviderException {
        Optional<String> problem = IdTokenGuard.problem(idToken, metadata.document());
        if (problem.isPresent()) {
            throw new InvalidIdTokenException(problem.get());
        }
        try {
            return keys.processor(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null),
                    new IdTokenClaimsVerifier(config.getAppId(), exactly)).process(idToken, null);
        } catch (KeySourceException e) { // the JWKS could not be fetched: Logto is unreachable, the token may be fine
            throw new ProviderException("Logto's keys cannot be read: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new InvalidIdTokenException(what + " is not valid: " + e.getMessage());
        } catch (IOException e) {
            throw new ProviderException("Logto's keys cannot be read: " + e.getMessage(), e);
        }
    }
}
