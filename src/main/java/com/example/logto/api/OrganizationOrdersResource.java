package com.example.logto.api;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/organizations/<id>/orders} (organization permission {@code read:org-orders}) and {@code POST}
 * (permission {@code write:org-orders}): a stand-in for data that belongs to an organization rather than a user.
 * Only an organization token of that very organization gets in, and only with the permission the user's
 * organization roles grant there: organization roles as a security check, enforced by Logto's token and
 * {@link BearerTokenFilter}.
 *
 * <pre>
 * TOKEN=$(curl -b cookies 'https://app.example.com/api/logto/user?getOrganizationToken=org1' | jq -r .organizationToken)
 * curl -H "Authorization: Bearer $TOKEN" https://app.example.com/api/organizations/org1/orders
 * </pre>
 */
@Path("{organizationId}/orders")
@OrganizationToken("organizationId")
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationOrdersResource {

    @GET
    @RequiredScope("read:org-orders")
    public JsonObject list(@PathParam("organizationId") String organizationId, @Context HttpServletRequest request) {
        return Json.createObjectBuilder()
                .add("organization", organizationId)
                .add("member", caller(request))
                .add("orders", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "B-2001").add("item", "Office coffee, 5 kg"))
                        .add(Json.createObjectBuilder().add("id", "B-2002").add("item", "Printer paper")))
                .build();
    }

    @POST
    @RequiredScope("write:org-orders")
    public Response create(@PathParam("organizationId") String organizationId, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder().add("id", "B-2003")
                .add("organization", organizationId).add("member", caller(request)).build()).build();
    }

    /** The user the organization token was issued to, as {@link BearerTokenFilter} verified it. */
    private static String caller(HttpServletRequest request) {
        return ((JWTClaimsSet) request.getAttribute(BearerTokenFilter.CLAIMS)).getSubject();
    }
}
