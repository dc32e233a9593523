package com.example.logto.api;

import com.example.logto.api.AccessTokenVerifier.RejectedTokenException;
import com.example.logto.config.LogtoConfig;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request into the API only with a valid Logto access token ({@code Authorization: Bearer <JWT>}) for the
 * endpoint's audience that holds the method's {@link RequiredScope}s. The audience is {@code LOGTO_API_RESOURCE},
 * or {@code urn:logto:organization:<id>} on an {@link OrganizationToken} resource. Answers as RFC 6750 3 says,
 * always with a small JSON body (an empty error response would be turned into the HTML error page):
 *
 * <pre>
 * 401  WWW-Authenticate: Bearer realm="api"                                   no token
 * 401  WWW-Authenticate: Bearer realm="api", error="invalid_token", ...       bad signature, audience, typ, expired
 * 403  WWW-Authenticate: Bearer realm="api", error="insufficient_scope", ..., scope="write:orders"
 * 503  Logto's keys cannot be fetched, or LOGTO_API_RESOURCE is not set
 * </pre>
 *
 * A token for another audience, another organization's included, is {@code invalid_token} (401), not
 * {@code insufficient_scope}: it was not issued for this resource at all (RFC 9068 4, RFC 6750 3.1).
 *
 * The verified claims are left in the request property {@link #CLAIMS} for the resource method.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    public static final String CLAIMS = JWTClaimsSet.class.getName();
    private static final String REALM = "Bearer realm=\"api\"";

    @Inject
    private AccessTokenVerifier verifier;

    @Inject
    private LogtoConfig config;

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            request.abortWith(refuse(401, REALM, "unauthorized", "Send Authorization: Bearer <access token>"));
            return;
        }
        String audience = audience(request);
        if (audience == null) {
            request.abortWith(refuse(503, null, "temporarily_unavailable",
                    "This API is not configured: set LOGTO_API_RESOURCE"));
            return;
        }
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(token.get(), audience);
        } catch (RejectedTokenException e) {
            request.abortWith(e.unavailable() ? refuse(503, null, "temporarily_unavailable", e.getMessage())
                    : refuse(401, REALM + ", error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"",
                            "invalid_token", e.getMessage()));
            return;
        }
        List<String> required = requiredScopes();
        if (!granted(claims).containsAll(required)) {
            String description = "The access token lacks a required scope";
            request.abortWith(refuse(403, REALM + ", error=\"insufficient_scope\", error_description=\""
                    + description + "\", scope=\"" + String.join(" ", required) + "\"", "insufficient_scope",
                    description));
            return;
        }
        request.setProperty(CLAIMS, claims);
    }

    /** RFC 6750 2.1: {@code Bearer} (any case) and one token of b64token characters. */
    private static Optional<String> bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.matches("[A-Za-z0-9\\-._~+/]+=*") ? Optional.of(token) : Optional.empty();
    }

    /** The organization's URN for an {@link OrganizationToken} resource, else the API indicator (null if unset). */
    private String audience(ContainerRequestContext request) {
        OrganizationToken organization = resource.getResourceClass().getAnnotation(OrganizationToken.class);
        if (organization == null) {
            return config.getApiResource();
        }
        String id = request.getUriInfo().getPathParameters().getFirst(organization.value());
        if (id == null) {
            throw new IllegalStateException(resource.getResourceClass().getName() + " has no path parameter {"
                    + organization.value() + "}: name the one that holds the organization id in @OrganizationToken");
        }
        return OrganizationToken.AUDIENCE_PREFIX + id;
    }

    private List<String> requiredScopes() {
        RequiredScope scope = Optional.ofNullable(resource.getResourceMethod().getAnnotation(RequiredScope.class))
                .orElse(resource.getResourceClass().getAnnotation(RequiredScope.class));
        return scope == null ? List.of() : List.of(scope.value());
    }

    private static List<String> granted(JWTClaimsSet claims) {
        try {
            String scope = claims.getStringClaim("scope");
            return scope == null ? List.of() : Arrays.asList(scope.split(" "));
        } catch (ParseException e) {
            return List.of();
        }
    }

    private static Response refuse(int status, String challenge, String error, String description) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(Json.createObjectBuilder().add("error", error).add("error_description", description).build()
                        .toString());
        return challenge == null ? response.build() : response.header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
