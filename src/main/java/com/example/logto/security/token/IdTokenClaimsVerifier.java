package com.example.logto.security.token;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.util.Date;
import java.util.Set;

/**
 * The claims rules of an ID token (OpenID Connect Core 3.1.3.7): Nimbus' verifier checks {@code iss} and the other
 * {@code exactly} claims, {@code aud} (holds this app), the presence of {@code sub}, {@code iat} and {@code exp},
 * and {@code exp}/{@code nbf} with a minute of clock skew; this class adds what it does not apply by itself.
 *
 * <ul>
 * <li>{@code azp}, if present, is this app; with more than one audience it must be present (steps 4 and 5);</li>
 * <li>{@code iat} is not in the future beyond the clock skew (step 10).</li>
 * </ul>
 */
final class IdTokenClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final String clientId;

    IdTokenClaimsVerifier(String clientId, JWTClaimsSet exactly) {
        super(clientId, exactly, Set.of("sub", "iat", "exp"));
        this.clientId = clientId;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        Object azp = claims.getClaim("azp");
        if (azp != null ? !clientId.equals(azp) : claims.getAudience().size() > 1) {
            throw new BadJWTException("azp is not this app (required when there are other audiences)");
        }
        Date skewedNow = new Date(System.currentTimeMillis() + getMaxClockSkew() * 1000L);
        if (claims.getIssueTime().after(skewedNow)) {
            throw new BadJWTException("iat is in the future");
        }
    }
}
