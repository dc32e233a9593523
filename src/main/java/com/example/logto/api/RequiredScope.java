package com.example.logto.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API scopes (Logto permissions) a resource method needs; the access token's {@code scope} must hold all of
 * them, otherwise {@link BearerTokenFilter} answers 403 {@code insufficient_scope}.
 *
 * <pre>
 * &#64;GET &#64;RequiredScope("read:orders")
 * public JsonObject list(...) { ... }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiredScope {
    String[] value();
}
