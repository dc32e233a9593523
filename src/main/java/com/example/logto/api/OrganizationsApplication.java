package com.example.logto.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The organization-scoped part of the sample API, at {@code /api/organizations/<id>/...}: it takes Logto
 * organization tokens ({@link OrganizationToken}), checked by the same {@link BearerTokenFilter} as
 * {@link OrdersApplication}. Like that one it has its own path, so it never claims {@code /api/logto/*}, and lists
 * its classes so that neither application serves the other's resources (Jakarta REST 3.1, 2.3.2).
 */
@ApplicationPath("/api/organizations")
public class OrganizationsApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrganizationOrdersResource.class, BearerTokenFilter.class);
    }

    /** Less for Jersey to set up at deployment ({@link JaxRsStartup}). */
    @Override
    public Map<String, Object> getProperties() {
        return JaxRsStartup.PROPERTIES;
    }
}
