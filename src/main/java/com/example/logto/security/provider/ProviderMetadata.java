package com.example.logto.security.provider;

import com.example.logto.security.provider.ProviderClient.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * Logto's discovery document, for the endpoints this app calls itself (token, userinfo, revocation, end-session,
 * JWKS) on whichever server of a cluster the request lands. Fetched at first use and kept: Logto derives every URL
 * in it from its {@code ENDPOINT}, which does not change while it runs (docs/logto.md §1). A failed fetch is not
 * kept, so the next request tries again.
 *
 * <pre>
 * String tokenEndpoint = metadata.endpoint("token_endpoint");
 * </pre>
 */
@ApplicationScoped
public class ProviderMetadata {

    @Inject
    private ProviderClient provider;

    private volatile JsonObject document;

    public JsonObject document() throws ProviderException {
        JsonObject known = document;
        if (known == null) {
            known = provider.discovery();
            document = known;
        }
        return known;
    }

    /** A URL from discovery, e.g. {@code token_endpoint}; a {@link ProviderException} if Logto does not list it. */
    public String endpoint(String name) throws ProviderException {
        String url = document().getString(name, null);
        if (url == null) {
            throw new ProviderException("Logto's discovery document has no " + name, null);
        }
        return url;
    }
}
