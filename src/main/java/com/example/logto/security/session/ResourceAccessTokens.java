package com.example.logto.security.session;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/**
 * Access tokens for your APIs, for the signed-in user of the current request: the Java side of
 * {@code @logto/next}'s {@code getAccessToken(resource)}.
 *
 * <pre>
 * &#64;Inject ResourceAccessTokens tokens;
 * String jwt = tokens.forResource("https://api.example.com/orders");   // one of LOGTO_RESOURCES
 * http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + jwt)...);
 * </pre>
 *
 * The token is a JWT for that API only ({@code aud} = the indicator), obtained with the refresh-token grant and
 * cached in the session until shortly before it expires ({@link SessionTokens}). Only indicators listed in
 * {@code LOGTO_RESOURCES} are asked for, so a request parameter cannot make this app fetch arbitrary audiences.
 */
@ApplicationScoped
public class ResourceAccessTokens {

    @Inject
    private LogtoConfig config;

    @Inject
    private HttpServletRequest request;

    @Inject
    private SessionTokens tokens;

    /** Thrown for an indicator that is not in {@code LOGTO_RESOURCES}; the message is safe to show. */
    public static final class UnknownResourceException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownResourceException(String what) {
            super(what);
        }
    }

    /**
     * A JWT access token for {@code resource}.
     *
     * @throws UnknownResourceException when {@code resource} is not configured
     * @throws ProviderException when Logto cannot be reached or refuses (e.g. the grant was revoked)
     * @throws IllegalStateException when nobody is signed in, or the session has no refresh token
     */
    public String forResource(String resource) throws ProviderException {
        if (resource == null || !config.getResources().contains(resource)) {
            throw new UnknownResourceException("\"resource\" must be one of LOGTO_RESOURCES " + config.getResources());
        }
        return cached("resource", resource);
    }

    /**
     * An organization token ({@code aud = urn:logto:organization:<id>}), as the SDK's {@code getOrganizationToken};
     * needs the scope {@code urn:logto:scope:organizations} in {@code LOGTO_SCOPES}.
     *
     * @throws UnknownResourceException when the ID token does not list the user as a member of {@code organizationId}
     */
    public String forOrganization(String organizationId) throws ProviderException {
        List<String> member = SignedInUser.required(request.getSession(false)).organizations();
        if (organizationId == null || !member.contains(organizationId)) {
            throw new UnknownResourceException("\"" + organizationId + "\" is not one of your organizations "
                    + member);
        }
        return cached("organization_id", organizationId);
    }

    private String cached(String parameter, String value) throws ProviderException {
        return tokens.apiToken(request.getSession(false), parameter + " " + value, Map.of(parameter, value));
    }
}
