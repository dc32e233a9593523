package com.example.logto.security.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastKeysTest {

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSet keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(FastKeys.selecting(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.ES384, JWSAlgorithm.ES256, JWSAlgorithm.RS256), new ImmutableJWKSet<>(keys))));
        processor.setJWSVerifierFactory(FastKeys.VERIFIERS);
        return processor;
    }

    private static String signed(com.nimbusds.jose.JWSSigner signer, JWSAlgorithm alg, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(),
                new JWTClaimsSet.Builder().subject("user-1").build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void es384Es256AndRs256SignaturesOfTheKeySetVerify() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("p256").generate();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        DefaultJWTProcessor<SecurityContext> processor = processor(new JWKSet(List.of(p384.toPublicJWK(),
                p256.toPublicJWK(), rsa.toPublicJWK())));

        for (String token : List.of(signed(new ECDSASigner(p384), JWSAlgorithm.ES384, "p384"),
                signed(new ECDSASigner(p384), JWSAlgorithm.ES384, "p384"),
                signed(new ECDSASigner(p256), JWSAlgorithm.ES256, "p256"),
                signed(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa"))) {
            assertEquals("user-1", processor.process(token, null).getSubject());
        }
    }

    @Test
    void aForgedOrZeroSignatureIsRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k").generate();
        ECKey other = new ECKeyGenerator(Curve.P_384).keyID("k").generate();
        DefaultJWTProcessor<SecurityContext> processor = processor(new JWKSet(key.toPublicJWK()));
        String forged = signed(new ECDSASigner(other), JWSAlgorithm.ES384, "k");
        String token = signed(new ECDSASigner(key), JWSAlgorithm.ES384, "k");
        // r = s = 0 (CVE-2022-21449, "psychic signatures"): 96 zero bytes
        String zero = token.substring(0, token.lastIndexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[96]);

        assertThrows(BadJOSEException.class, () -> processor.process(forged, null));
        BadJOSEException refused = assertThrows(BadJOSEException.class, () -> processor.process(zero, null));
        assertTrue(refused.getMessage().contains("Signed JWT rejected"), refused.getMessage());
    }
}
