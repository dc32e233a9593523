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
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the ID token that comes with a refresh before it replaces the session's one (OpenID Connect Core 12.2):
 * the same checks as at sign-in, and the same user.
 *
 * <ol>
 * <li>{@link IdTokenGuard}: signed, with an algorithm Logto's discovery lists (never {@code none});</li>
 * <li>the signature verifies with a key of Logto's JWKS ({@link ProviderKeys}, cached, refetched for an unknown
 *     {@code kid}); {@code typ}, if present, is {@code JWT};</li>
 * <li>{@code iss} is Logto's issuer, {@code aud} holds this app's id, {@code exp} is in the future and {@code iat}
 *     is present (Core 3.1.3.7);</li>
 * <li>{@code sub} is the signed-in user's: a refresh never changes who is signed in (Core 12.2).</li>
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

    /** The claims of {@code idToken}, received with a refresh for the user {@code subject}. */
    public JWTClaimsSet verifyRefreshed(String idToken, String subject) throws InvalidIdTokenException, ProviderException {
        if (idToken == null) {
            throw new InvalidIdTokenException("the refresh response has no ID token (is openid in the scopes?)");
        }
        Optional<String> problem = IdTokenGuard.problem(idToken, metadata.document());
        if (problem.isPresent()) {
            throw new InvalidIdTokenException(problem.get());
        }
        try {
            return keys.processor(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null),
                    new DefaultJWTClaimsVerifier<>(config.getAppId(), new JWTClaimsSet.Builder()
                            .issuer(config.getIssuer()).subject(subject).build(), Set.of("iat", "exp")))
                    .process(idToken, null);
        } catch (KeySourceException e) { // the JWKS could not be fetched: Logto is unreachable, the token may be fine
            throw new ProviderException("Logto's keys cannot be read: " + e.getMessage(), e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new InvalidIdTokenException("the refreshed ID token is not valid: " + e.getMessage());
        } catch (IOException e) {
            throw new ProviderException("Logto's keys cannot be read: " + e.getMessage(), e);
        }
    }
}
