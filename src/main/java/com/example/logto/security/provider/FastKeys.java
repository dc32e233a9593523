package com.example.logto.security.provider;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Logto's elliptic-curve keys as Bouncy Castle keys, verified with Bouncy Castle, for every JWT this app checks.
 *
 * <p>Why: the JDK's ECDSA (SunEC) uses the same constant-time field arithmetic for verifying as for signing, and one
 * ES384 verification took 2.6 ms of CPU on the benchmark machine, half of a sign-in's CPU once the app exchanged the
 * code itself. Bouncy Castle's P-384 implementation, with a key already in its own form, took 0.26 ms (Java 17,
 * bench/README.md, "Where a sign-in's CPU goes"). A signature is public data, so verifying need not be constant-time.
 * Nimbus' own verifiers stay in charge (signature format and length, curve of the key, critical headers); only the
 * JCA provider under them changes. The provider is this app's own instance, never registered with the JVM, so
 * nothing else on the server changes.
 *
 * <pre>
 * processor.setJWSKeySelector(FastKeys.selecting(new JWSVerificationKeySelector&lt;&gt;(algorithms, jwkSource)));
 * processor.setJWSVerifierFactory(FastKeys.VERIFIERS);
 * </pre>
 */
final class FastKeys {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    /** Nimbus' verifiers on Bouncy Castle's JCA provider; the factory only reads its settings, so one is shared. */
    static final DefaultJWSVerifierFactory VERIFIERS = verifiers();
    /** A handful of Logto keys at a time; cleared when a long uptime's key rotations have filled it. */
    private static final int MAX_KEYS = 32;
    private static final Map<ECPublicKey, Key> CONVERTED = new ConcurrentHashMap<>();

    private FastKeys() {
    }

    /** The keys {@code selector} picks, each EC key as Bouncy Castle's (converted once per key). */
    static JWSKeySelector<SecurityContext> selecting(JWSKeySelector<SecurityContext> selector) {
        return (JWSHeader header, SecurityContext context) -> {
            List<? extends Key> keys = selector.selectJWSKeys(header, context);
            try {
                return keys.stream().map(FastKeys::converted).toList();
            } catch (IllegalStateException e) {
                throw new KeySourceException("a key of the JWKS cannot be read: " + e.getMessage(), e);
            }
        };
    }

    private static DefaultJWSVerifierFactory verifiers() {
        DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
        verifiers.getJCAContext().setProvider(BOUNCY_CASTLE);
        return verifiers;
    }

    private static Key converted(Key key) {
        if (!(key instanceof ECPublicKey ec)) {
            return key;
        }
        if (CONVERTED.size() >= MAX_KEYS) {
            CONVERTED.clear();
        }
        return CONVERTED.computeIfAbsent(ec, jdkKey -> {
            try {
                return KeyFactory.getInstance("EC", BOUNCY_CASTLE).translateKey(jdkKey);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
