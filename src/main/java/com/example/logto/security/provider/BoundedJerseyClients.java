package com.example.logto.security.provider;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Map;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Puts a time limit on every JAX-RS client created while this application handles a request, which includes the
 * clients Soteria creates for discovery, the token endpoint and userinfo: Soteria builds them with a bare
 * {@code ClientBuilder.newClient()}, and Jersey (Payara's JAX-RS) then waits forever for a slow Logto
 * (docs/soteria.md §5). A request thread stuck on Logto would otherwise stay stuck.
 *
 * <p>Jersey finds this class through {@code META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable}
 * with the thread's context class loader, so it applies to this application only. Why not the alternatives:
 * Jersey on Payara 6.2025.10 ignores {@code -Djersey.config.client.*} (it registers no system-properties provider;
 * tested), and {@code sun.net.client.defaultReadTimeout} is overridden because Jersey sets the timeout to 0
 * explicitly. The JWKS fetch does not use JAX-RS; its timeouts are in the annotation. On other servers
 * (RESTEasy on WildFly) this class is never loaded.
 */
@ConstrainedTo(RuntimeType.CLIENT)
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public final class BoundedJerseyClients implements ForcedAutoDiscoverable {

    /** Milliseconds, for connecting and for each read; ProviderClient uses the same bound. */
    static final int TIMEOUT_MILLIS = 5000;

    private static final String CONNECT_TIMEOUT = "jersey.config.client.connectTimeout"; // ClientProperties
    private static final String READ_TIMEOUT = "jersey.config.client.readTimeout";

    @Override
    public void configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() != RuntimeType.CLIENT) {
            return;
        }
        Map<String, Object> set = context.getConfiguration().getProperties();
        if (!set.containsKey(CONNECT_TIMEOUT)) {
            context.property(CONNECT_TIMEOUT, TIMEOUT_MILLIS);
        }
        if (!set.containsKey(READ_TIMEOUT)) {
            context.property(READ_TIMEOUT, TIMEOUT_MILLIS);
        }
    }
}
