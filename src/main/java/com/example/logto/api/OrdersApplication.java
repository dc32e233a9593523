package com.example.logto.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The sample's REST API, served at {@code /api/orders}. Its path is its own, so that JAX-RS never claims
 * {@code /api/logto/*} (the SDK routes are servlets and a filter), and it is not a protected resource in
 * {@code web.xml}: API callers authenticate with a bearer token ({@link BearerTokenFilter}) and are never
 * redirected to Logto.
 *
 * <p>Its classes are listed, because this WAR holds a second API ({@link OrganizationsApplication}): an
 * application that lists none would serve every resource of the WAR (Jakarta REST 3.1, 2.3.2).
 */
@ApplicationPath("/api/orders")
public class OrdersApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrdersResource.class, BearerTokenFilter.class);
    }

    /** Less for Jersey to set up at deployment ({@link JaxRsStartup}). */
    @Override
    public Map<String, Object> getProperties() {
        return JaxRsStartup.PROPERTIES;
    }
}
