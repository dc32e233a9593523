package com.example.logto.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that acts for the user the token names (an order is created for its owner): an
 * application's token ({@link TokenKind#APPLICATION}, client credentials, {@code sub} = {@code client_id}) is refused
 * with 403 {@code insufficient_scope} whatever its scopes, since it carries no user to act for (RFC 6750 3.1: "the
 * request requires higher privileges than provided by the access token").
 *
 * <pre>
 * &#64;POST &#64;RequiredScope("write:orders") &#64;ActsForUser
 * public Response create(...) { ... }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ActsForUser {
}
