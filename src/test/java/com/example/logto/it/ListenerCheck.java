package com.example.logto.it;

import java.time.Duration;
import java.util.Arrays;
import org.jboss.arquillian.container.test.api.Deployment;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Start-up check of every server Arquillian deploys to: before the first test of a class with a
 * {@code @Deployment}, the app's own HTTP port ({@code it.app.port}) must accept connections. A server can report
 * the WAR deployed while it has no HTTP listener at all: a listener restarted during the deployment (a post-boot
 * {@code set} on it) leaves Payara with "AS-WEB-GLUE-00167 ... GrizzlyProxy is NULL" and the port closed. This
 * check names that failure instead of letting each test meet a refused connection or a proxy's 502.
 *
 * <p>Registered for the integration tests only, through JUnit's extension auto-detection (failsafe's
 * {@code configurationParameters} in pom.xml and {@code META-INF/services} in the test resources); it runs after
 * Arquillian's own {@code beforeAll}, which deploys.
 */
public final class ListenerCheck implements BeforeEachCallback {

    /** The adapter has already seen the deployment finish: a listener that exists answers within this bound. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        boolean deployed = Arrays.stream(testClass.getDeclaredMethods())
                .anyMatch(method -> method.isAnnotationPresent(Deployment.class));
        String port = System.getProperty("it.app.port");
        if (!deployed || port == null) {
            return;
        }
        ExtensionContext.Store classStore = context.getParent().orElseThrow()
                .getStore(ExtensionContext.Namespace.create(ListenerCheck.class));
        classStore.getOrComputeIfAbsent("checked", key -> awaitListener(Integer.parseInt(port)));
    }

    private static Boolean awaitListener(int port) {
        try {
            if (LocalPort.awaitListening(port, PATIENCE, () -> true)) {
                return Boolean.TRUE;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("The server reported the WAR deployed, but nothing listens on 127.0.0.1:"
                + port + " after " + PATIENCE.toSeconds() + " s: its HTTP listener did not start or was restarted"
                + " during the deployment; look for AS-WEB-GLUE-00167 in the server log, and set listener options"
                + " before boot (server-config/payara/behind-proxy.asadmin says why)");
    }
}
