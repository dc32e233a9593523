package com.example.logto.api;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/orders} (scope {@code read:orders}) and {@code POST /api/orders} (scope {@code write:orders}):
 * a stand-in for your own API, answering for the user the access token was issued to.
 *
 * <p>Which tokens get in ({@link TokenKind}, {@link BearerTokenFilter}): a user's token for this API, never one
 * issued in an organization's context (401). An application's token (client credentials, e.g. a reporting job
 * given {@code read:orders} through a machine-to-machine role) may read: the answer names the application instead
 * of an owner. It may not create an order, which must belong to a user ({@link ActsForUser}: 403).
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" https://app.example.com/api/orders
 * </pre>
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @GET
    @RequiredScope("read:orders")
    public JsonObject list(@Context HttpServletRequest request) {
        JWTClaimsSet claims = (JWTClaimsSet) request.getAttribute(BearerTokenFilter.CLAIMS);
        return Json.createObjectBuilder()
                .add(TokenKind.of(claims) == TokenKind.APPLICATION ? "application" : "owner", claims.getSubject())
                .add("orders", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "A-1001").add("item", "Espresso beans, 1 kg"))
                        .add(Json.createObjectBuilder().add("id", "A-1002").add("item", "Milk jug")))
                .build();
    }

    @POST
    @RequiredScope("write:orders")
    @ActsForUser
    public Response create(@Context HttpServletRequest request) {
        JWTClaimsSet claims = (JWTClaimsSet) request.getAttribute(BearerTokenFilter.CLAIMS);
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder().add("id", "A-1003")
                .add("owner", claims.getSubject()).build()).build();
    }
}
