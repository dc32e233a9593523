package com.example.logto.api;

import java.util.Map;

/**
 * The JAX-RS properties both applications of this WAR return from {@code Application.getProperties()}: they switch
 * off what Jersey (Payara's JAX-RS) would otherwise set up for each application at deployment and these APIs never
 * use, so the two applications start with less work (bench/README.md, "Where the cold start goes"). Each is a
 * Jersey property ({@code org.glassfish.jersey.server.ServerProperties}); for other JAX-RS implementations, such as
 * WildFly's RESTEasy, they are custom properties that only the application's own components could read (Jakarta
 * REST 3.1, {@code Application#getProperties}), so they change nothing there.
 *
 * <p>JSON-P stays on: the resources answer {@code JsonObject}s, written by Jersey's JSON-P provider, which Jersey
 * registers whatever the auto-discovery setting.
 */
final class JaxRsStartup {

    static final Map<String, Object> PROPERTIES = Map.of(
            // No generated /application.wadl: the APIs are described in the README, not by WADL.
            "jersey.config.server.wadl.disableWadl", true,
            // No optional features found on the class path (Jackson, MOXy, multipart, logging filters): of the
            // features Jersey registers itself, only the forced ones remain, JSON-P among them.
            "jersey.config.server.disableAutoDiscovery", true,
            // No look-up of providers in META-INF/services of every jar the class loader sees: the APIs' providers
            // are listed by the applications (getClasses).
            "jersey.config.server.disableMetainfServicesLookup", true,
            // No Bean Validation: no resource method has constraints.
            "jersey.config.beanValidation.disable.server", true,
            // No JSON-B provider: the resources build JSON with JSON-P.
            "jersey.config.server.disableJsonBinding", true);

    private JaxRsStartup() {
    }
}
