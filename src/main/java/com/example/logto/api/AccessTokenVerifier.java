package com.example.logto.api;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Verifies a Logto access token for one audience, as a resource server must (RFC 9068 4): a JWS signed by a key of
 * Logto's JWKS, {@code typ: at+jwt} (Nimbus accepts only {@code JWT} unless told, docs/logto.md §11.10),
 * {@code iss} = Logto's issuer, {@code aud} = the audience the endpoint serves, not expired (60 s clock skew), and
 * {@code sub}, {@code iat}, {@code exp} present. The audience is the API indicator ({@code LOGTO_API_RESOURCE}) or,
 * for an organization token, {@code urn:logto:organization:<id>} ({@link OrganizationToken}); Logto signs both
 * kinds alike (docs/logto.md §3). Scopes are checked per endpoint by {@link BearerTokenFilter}.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class.getName());

    @Inject
    private LogtoConfig config;

    @Inject
    private ProviderKeys keys;

    /** Why a token was refused: 401 {@code invalid_token}, or 503 when Logto's keys cannot be fetched. */
    public static final class RejectedTokenException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unavailable;

        RejectedTokenException(String description, boolean unavailable) {
            super(description, null, false, false);
            this.unavailable = unavailable;
        }

        /** True when the keys could not be fetched: not the caller's fault. */
        public boolean unavailable() {
            return unavailable;
        }
    }

    /** The verified claims of {@code token}, which must be issued for {@code audience}. */
    public JWTClaimsSet verify(String token, String audience) throws RejectedTokenException {
        try {
            return keys.processor(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")),
                    new DefaultJWTClaimsVerifier<>(audience, new JWTClaimsSet.Builder().issuer(config.getIssuer())
                            .build(), Set.of("sub", "iat", "exp"))).process(token, null);
        } catch (ParseException e) {
            throw new RejectedTokenException("The access token is not a JWT", false);
        } catch (RateLimitReachedException e) {
            throw new RejectedTokenException("The access token is signed by an unknown key", false);
        } catch (KeySourceException | IOException e) {
            LOG.warning("Logto's signing keys could not be fetched: " + e.getMessage());
            throw new RejectedTokenException("The signing keys could not be fetched", true);
        } catch (BadJWTException e) {
            boolean expired = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("expired");
            throw new RejectedTokenException(expired ? "The access token expired"
                    : "The access token is not valid for this API", false);
        } catch (BadJOSEException | JOSEException e) {
            LOG.fine(() -> "Access token refused: " + e.getMessage());
            throw new RejectedTokenException("The access token is not valid", false);
        }
    }
}
