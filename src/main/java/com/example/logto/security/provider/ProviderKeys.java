package com.example.logto.security.provider;

import com.example.logto.config.LogtoConfig;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.util.HashSet;
import java.util.Set;

/**
 * Logto's signing keys for every JWT this app verifies: ID tokens at sign-in and after each refresh, API access
 * tokens and back-channel logout tokens.
 *
 * <p>The JWKS URL comes from discovery ({@code jwks_uri}); Nimbus caches the key set for 5 minutes and fetches it
 * again at once when a token names a {@code kid} it does not hold (after a key rotation at Logto), at most twice
 * per 30 s (Nimbus' rate limit): a flood of tokens with made-up {@code kid}s, which any caller of the API can send,
 * never becomes a flood of requests to Logto. Any asymmetric algorithm the keys support is accepted: Logto signs
 * with ES384 by default, but a tenant can use RSA or other EC curves (docs/logto.md §11.1); {@code none} and HMAC
 * never are. The signatures are checked with Bouncy Castle ({@link FastKeys}).
 */
@ApplicationScoped
public class ProviderKeys {

    private static final int SIZE_LIMIT = 256 * 1024;

    @Inject
    private LogtoConfig config;

    @Inject
    private ProviderMetadata metadata;

    /** Every EC and RSA algorithm; never {@code none} or HMAC. */
    private static final Set<JWSAlgorithm> ALGORITHMS = algorithms();

    /** The key selector over the JWKS source, made at first use and then shared by every processor. */
    private volatile JWSKeySelector<SecurityContext> keys;

    /** A processor for one kind of JWT: its {@code typ} and its claims rules; signatures against the JWKS. */
    public ConfigurableJWTProcessor<SecurityContext> processor(JOSEObjectTypeVerifier<SecurityContext> type,
            JWTClaimsSetVerifier<SecurityContext> claims) throws IOException {
        ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(type);
        processor.setJWSKeySelector(keys());
        processor.setJWSVerifierFactory(FastKeys.VERIFIERS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private JWSKeySelector<SecurityContext> keys() throws IOException {
        JWSKeySelector<SecurityContext> source = keys;
        if (source == null) {
            synchronized (this) {
                if (keys == null) {
                    String jwksUri;
                    try {
                        jwksUri = metadata.endpoint("jwks_uri");
                    } catch (ProviderClient.ProviderException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                    JWKSource<SecurityContext> jwks = JWKSourceBuilder.create(new URL(jwksUri),
                            new DefaultResourceRetriever(config.getJwksTimeoutMillis(),
                                    config.getJwksTimeoutMillis(), SIZE_LIMIT)).build();
                    keys = FastKeys.selecting(new JWSVerificationKeySelector<>(ALGORITHMS, jwks));
                }
                source = keys;
            }
        }
        return source;
    }

    private static Set<JWSAlgorithm> algorithms() {
        Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.EC);
        algorithms.addAll(JWSAlgorithm.Family.RSA);
        return Set.copyOf(algorithms);
    }
}
