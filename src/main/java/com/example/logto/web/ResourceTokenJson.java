package com.example.logto.web;

import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.session.ResourceAccessTokens;
import com.example.logto.security.session.ResourceAccessTokens.UnknownResourceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Logger;

/**
 * The {@code accessToken} of {@code /api/logto/user?getAccessToken=true&amp;resource=...}: a JWT for one of
 * {@code LOGTO_RESOURCES}, or an error the caller can act on.
 *
 * <pre>
 * 200 {"isAuthenticated":true,"claims":{...},"accessToken":"eyJ..."}
 * 400 {"isAuthenticated":true,"claims":{...},"error":"invalid_resource","error_description":"\"resource\" must be one of ..."}
 * 502 {"isAuthenticated":true,"claims":{...},"error":"access_token_unavailable"}   Logto down, or the grant was revoked
 * </pre>
 */
@ApplicationScoped
public class ResourceTokenJson {

    private static final Logger LOG = Logger.getLogger(ResourceTokenJson.class.getName());

    @Inject
    private ResourceAccessTokens tokens;

    /** Adds the organization token as {@code organizationToken}, or sets the status and adds the error. */
    void addOrganization(JsonObjectBuilder json, HttpServletResponse response, String organizationId) {
        add(json, response, "organizationToken", organizationId, () -> tokens.forOrganization(organizationId));
    }

    /** Adds the token, or sets the status and adds the error. */
    void add(JsonObjectBuilder json, HttpServletResponse response, String resource) {
        add(json, response, "accessToken", resource, () -> tokens.forResource(resource));
    }

    private interface TokenSource {
        String get() throws ProviderException;
    }

    private static void add(JsonObjectBuilder json, HttpServletResponse response, String name, String target,
            TokenSource source) {
        try {
            json.add(name, source.get());
        } catch (UnknownResourceException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            json.add("error", "invalid_resource").add("error_description", e.getMessage());
        } catch (ProviderException | IllegalStateException e) {
            LOG.warning("No access token for " + target + ": " + e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            json.add("error", "access_token_unavailable");
        }
    }
}
