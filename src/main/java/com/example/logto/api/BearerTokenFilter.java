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
 * {@code insufficient_scope}: it was not issued for this resource at all (RFC 9068 4, RFC 6750 3.1). So is a token of
 * the wrong {@link TokenKind}: at the user API ({@code LOGTO_API_RESOURCE}) one issued in an organization's context
 * (claim {@code organization_id}: its scopes come from the user's roles in that organization, not from the user's
 * own), and at an organization resource one whose {@code organization_id}, if it has one, names another organization
 * than the path. An application's token (client credentials) gets 403 {@code insufficient_scope} from a method marked
 * {@link ActsForUser}; other methods take it.
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
        String organization = organization(request);
        String audience = organization != null ? OrganizationToken.AUDIENCE_PREFIX + organization
                : config.getApiResource();
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
        Optional<String> wrongKind = wrongKind(claims, organization);
        if (wrongKind.isPresent()) {
            request.abortWith(refuse(401, REALM + ", error=\"invalid_token\", error_description=\""
                    + wrongKind.get() + "\"", "invalid_token", wrongKind.get()));
            return;
        }
        List<String> required = requiredScopes();
        boolean appForUser = TokenKind.of(claims) == TokenKind.APPLICATION && actsForUser();
        if (appForUser || !granted(claims).containsAll(required)) {
            String description = appForUser ? "This method acts for a user: an application token cannot call it"
                    : "The access token lacks a required scope";
            request.abortWith(refuse(403, REALM + ", error=\"insufficient_scope\", error_description=\""
                    + description + "\", scope=\"" + String.join(" ", required) + "\"", "insufficient_scope",
                    description));
            return;
        }
        request.setProperty(CLAIMS, claims);
    }

    /**
     * Why a token of the right audience is still not for this resource ({@link TokenKind}): at the user API, a token
     * of an organization's context; at an organization resource, one naming another organization.
     */
    private static Optional<String> wrongKind(JWTClaimsSet claims, String pathOrganization) {
        Optional<String> tokenOrganization = TokenKind.organizationId(claims);
        if (pathOrganization == null) {
            return tokenOrganization.map(id -> "The access token is for an organization, not for this API");
        }
        // Logto's organization tokens are told by aud alone; one that names an organization must name this one
        return tokenOrganization.filter(id -> !id.equals(pathOrganization))
                .map(id -> "The access token is not valid for this API");
    }

    /** RFC 6750 2.1: {@code Bearer} (any case) and one token of b64token characters. */
    private static Optional<String> bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.matches("[A-Za-z0-9\\-._~+/]+=*") ? Optional.of(token) : Optional.empty();
    }

    /** The path's organization id on an {@link OrganizationToken} resource, else {@code null}. */
    private String organization(ContainerRequestContext request) {
        OrganizationToken organization = resource.getResourceClass().getAnnotation(OrganizationToken.class);
        if (organization == null) {
            return null;
        }
        String id = request.getUriInfo().getPathParameters().getFirst(organization.value());
        if (id == null) {
            throw new IllegalStateException(resource.getResourceClass().getName() + " has no path parameter {"
                    + organization.value() + "}: name the one that holds the organization id in @OrganizationToken");
        }
        return id;
    }

    private boolean actsForUser() {
        return resource.getResourceMethod().isAnnotationPresent(ActsForUser.class)
                || resource.getResourceClass().isAnnotationPresent(ActsForUser.class);
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
