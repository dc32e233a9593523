package com.example.logto.devprovider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys Logto never uses but a misbehaving provider does ({@link Fault}): RSA 2048 and EC P-256/P-521, made on
 * first use and kept, so the JWKS the RP cached still matches on the next sign-in.
 */
final class FaultKeys {

    private final Map<String, JWK> keys = new ConcurrentHashMap<>();

    RSAKey rsa() {
        return (RSAKey) keys.computeIfAbsent("RS256", k -> freshRsa());
    }

    ECKey ec(Curve curve, JWSAlgorithm algorithm) {
        return (ECKey) keys.computeIfAbsent(algorithm.getName(), k -> {
            try {
                return new ECKeyGenerator(curve).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                        .keyIDFromThumbprint(true).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot generate an EC " + curve + " key: " + e.getMessage(), e);
            }
        });
    }

    RSAKey freshRsa() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA key: " + e.getMessage(), e);
        }
    }

    /** A compact JWS signed by {@code key}; header {@code kid}: {@code null} = the key's own, "" = none. */
    String sign(Map<String, Object> claims, JWK key, String kid) {
        try {
            JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : ecAlgorithm((ECKey) key);
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
            String keyId = kid == null ? key.getKeyID() : kid;
            if (!keyId.isEmpty()) {
                header.keyID(keyId);
            }
            JWSObject jws = new JWSObject(header.build(), new Payload(claims));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign: " + e.getMessage(), e);
        }
    }

    private static JWSAlgorithm ecAlgorithm(ECKey key) {
        Curve curve = key.getCurve();
        return Curve.P_256.equals(curve) ? JWSAlgorithm.ES256
                : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : JWSAlgorithm.ES384;
    }
}
