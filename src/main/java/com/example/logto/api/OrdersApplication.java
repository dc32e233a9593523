package com.example.logto.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The sample's REST API, served at {@code /api/orders}. Its path is its own, so that JAX-RS never claims
 * {@code /api/logto/*} (the SDK routes are servlets and a filter), and it is not a protected resource in
 * {@code web.xml}: API callers authenticate with a bearer token ({@link BearerTokenFilter}) and are never
 * redirected to Logto.
 */
@ApplicationPath("/api/orders")
public class OrdersApplication extends Application {
}
