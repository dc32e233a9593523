package com.example.logto.security.token;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdTokenClaimsVerifierTest {

    private static final String ISSUER = "https://tenant.logto.app/oidc";
    private final IdTokenClaimsVerifier verifier = new IdTokenClaimsVerifier("app",
            new JWTClaimsSet.Builder().issuer(ISSUER).claim("nonce", "n").build());

    private static JWTClaimsSet.Builder idToken() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience("app").claim("nonce", "n")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    @Test
    void aTokenForThisAppIsAccepted() {
        assertDoesNotThrow(() -> verifier.verify(idToken().build(), null));
        assertDoesNotThrow(() -> verifier.verify(idToken().audience(List.of("app", "api")).claim("azp", "app").build(),
                null));
    }

    @Test
    void anotherAuthorizedPartyIsRefused() {
        assertThrows(BadJWTException.class, () -> verifier.verify(idToken().claim("azp", "other-app").build(), null));
    }

    @Test
    void moreThanOneAudienceWithoutAuthorizedPartyIsRefused() {
        assertThrows(BadJWTException.class, () -> verifier.verify(idToken().audience(List.of("app", "api")).build(),
                null));
    }

    @Test
    void anIssueTimeInTheFutureIsRefused() {
        assertThrows(BadJWTException.class, () -> verifier.verify(idToken()
                .issueTime(Date.from(Instant.now().plusSeconds(600))).build(), null));
    }

    @Test
    void anotherNonceOrNoneIsRefused() {
        assertThrows(BadJWTException.class, () -> verifier.verify(idToken().claim("nonce", "replayed").build(), null));
        assertThrows(BadJWTException.class, () -> verifier.verify(idToken().claim("nonce", null).build(), null));
    }

    @Test
    void anotherIssuerIsRefused() {
        assertThrows(BadJWTException.class, () -> verifier.verify(idToken().issuer("https://evil/oidc").build(), null));
    }
}
