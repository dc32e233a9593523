package com.example.logto.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource that takes Logto organization tokens instead of API tokens: {@link BearerTokenFilter} then
 * requires {@code aud = urn:logto:organization:<id>}, the id being the path parameter {@link #value()}, so a token
 * of one organization never opens another's data. {@link RequiredScope} names organization permissions, which Logto
 * puts into the token's {@code scope} from the user's organization roles in that organization (logto
 * {@code grants/utils.ts} {@code handleOrganizationToken}).
 *
 * <pre>
 * &#64;Path("{organizationId}/orders") &#64;OrganizationToken("organizationId")
 * public class OrganizationOrdersResource {
 *     &#64;GET &#64;RequiredScope("read:org-orders") public JsonObject list(...) { ... }
 * }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OrganizationToken {

    /** Logto's audience prefix of organization tokens ({@code buildOrganizationUrn}). */
    String AUDIENCE_PREFIX = "urn:logto:organization:";

    /** The path parameter that holds the organization id. */
    String value();
}
