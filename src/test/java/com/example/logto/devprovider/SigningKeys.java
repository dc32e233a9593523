package com.example.logto.devprovider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tenant's OIDC signing keys, as Logto seeds and rotates them.
 *
 * <ul>
 *   <li>EC P-384 signed with ES384: the default seed key since v1.0.0-beta.20 (logto {@code cli ... database/utils.ts},
 *       {@code generateOidcPrivateKey} with {@code secp384r1}; {@code env-set/oidc.ts} maps EC to ES384).</li>
 *   <li>{@code kid} is the RFC 7638 thumbprint, base64url SHA-256 (logto {@code utils/jwks.ts}).</li>
 *   <li>Rotation with the OSS default grace period 0: the new key becomes Current, the old Current becomes
 *       Previous and an older Previous is dropped; the JWKS lists Current then Previous
 *       (logto {@code schemas/utils/oidc-private-key.ts}).</li>
 *   <li>ID-token header is {@code {"alg":"ES384","kid":...}} with no {@code typ} (Logto v1.42.0 CHANGELOG).</li>
 * </ul>
 */
final class SigningKeys {

    private record KeyPair(ECKey current, ECKey previous) {
        List<ECKey> all() {
            return previous == null ? List.of(current) : List.of(current, previous);
        }
    }

    private final AtomicReference<KeyPair> keys = new AtomicReference<>(new KeyPair(generate(), null));
    private final FaultKeys extraKeys = new FaultKeys();

    void rotate() {
        ECKey next = generate();
        keys.updateAndGet(k -> new KeyPair(next, k.current()));
    }

    String currentKeyId() {
        return keys.get().current().getKeyID();
    }

    /** {@code {"keys":[current, previous]}}, public parts only, plus the key a signing {@code fault} uses. */
    String jwksJson(Fault fault) {
        List<Object> published = new ArrayList<>();
        for (ECKey key : keys.get().all()) {
            published.add(key.toPublicJWK().toJSONObject());
        }
        JWK extra = fault == null ? null : switch (fault) {
            case ID_TOKEN_SIGNED_RS256, ID_TOKEN_BAD_SIGNATURE_RS256 -> extraKeys.rsa();
            case ID_TOKEN_SIGNED_ES256 -> extraKeys.ec(Curve.P_256, JWSAlgorithm.ES256);
            case ID_TOKEN_SIGNED_ES512 -> extraKeys.ec(Curve.P_521, JWSAlgorithm.ES512);
            default -> null;
        };
        if (extra != null) {
            published.add(extra.toPublicJWK().toJSONObject());
        }
        return JSONObjectUtils.toJSONString(Map.of("keys", published));
    }

    /** An ID token as {@code fault} wants it signed ({@code null}: ES384 with the current key, as Logto). */
    String sign(Map<String, Object> claims, Fault fault) {
        if (fault == null) {
            return sign(claims);
        }
        return switch (fault) {
            case ID_TOKEN_ALG_NONE -> new PlainObject(new Payload(claims)).serialize();
            case ID_TOKEN_BAD_SIGNATURE_ES384 -> extraKeys.sign(claims, generate(), currentKeyId());
            case ID_TOKEN_BAD_SIGNATURE_RS256 -> extraKeys.sign(claims, extraKeys.freshRsa(), extraKeys.rsa().getKeyID());
            case ID_TOKEN_SIGNED_RS256 -> extraKeys.sign(claims, extraKeys.rsa(), extraKeys.rsa().getKeyID());
            case ID_TOKEN_SIGNED_ES256 -> extraKeys.sign(claims, extraKeys.ec(Curve.P_256, JWSAlgorithm.ES256), null);
            case ID_TOKEN_SIGNED_ES512 -> extraKeys.sign(claims, extraKeys.ec(Curve.P_521, JWSAlgorithm.ES512), null);
            case ID_TOKEN_WITHOUT_KID -> extraKeys.sign(claims, keys.get().current(), "");
            case ID_TOKEN_UNKNOWN_KID -> extraKeys.sign(claims, keys.get().current(), "unknown-kid");
            default -> sign(claims);
        };
    }

    /** A compact JWS over {@code claims}, signed with the current key. Null claim values are kept as JSON null. */
    String sign(Map<String, Object> claims) {
        return sign(null, claims);
    }

    /** As {@link #sign(Map)}, with a {@code typ} header such as {@code at+jwt} or {@code logout+jwt}. */
    String sign(com.nimbusds.jose.JOSEObjectType type, Map<String, Object> claims) {
        ECKey key = keys.get().current();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES384).type(type).keyID(key.getKeyID())
                .build(), new Payload(claims));
        try {
            jws.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with the P-384 key: " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    /**
     * The claims of a JWS this provider signed with a key it still publishes, ignoring expiry, as oidc-provider
     * validates an {@code id_token_hint} ({@code IdToken.validate}, {@code ignoreExpiration: true}).
     *
     * @throws ParseException when the value is not a compact JWS with a JSON payload
     */
    Optional<Map<String, Object>> verify(String compact) throws ParseException {
        JWSObject jws = JWSObject.parse(compact);
        if (!JWSAlgorithm.ES384.equals(jws.getHeader().getAlgorithm())) {
            return Optional.empty();
        }
        String kid = jws.getHeader().getKeyID();
        for (ECKey key : keys.get().all()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            try {
                if (jws.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                    return Optional.ofNullable(jws.getPayload().toJSONObject());
                }
            } catch (JOSEException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("This JDK cannot generate an EC P-384 key: " + e.getMessage(), e);
        }
    }
}
