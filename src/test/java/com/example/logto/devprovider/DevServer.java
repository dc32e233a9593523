package com.example.logto.devprovider;

import com.example.logto.provision.AppEnvFile;
import com.example.logto.provision.Provision;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * README command 1 ({@code mvn -Prun}): runs the sample WAR on Payara Micro at {@code LOGTO_BASE_URL}
 * (default http://localhost:8080).
 *
 * <p>With {@code LOGTO_ENDPOINT} set, the app uses that Logto tenant and the {@code LOGTO_*} variables as they
 * are. Without it but with {@code .logto/app.env} (written by {@code ./provision}), the settings come from that
 * file (variables that are set win). Without either, this also starts {@link LogtoDevProvider} at
 * http://localhost:3001 (Logto's own default port; {@code LOGTO_DEV_PORT} or {@code -Dlogto.dev.port} choose
 * another, 0 a free one) with the tenant of {@link DevSetup}, so a newcomer can sign in with any user name and no
 * account, and sees organizations too. The provider lives in the test sources: the WAR knows nothing of it and
 * cannot fall back to it.
 *
 * <p>Expected failures (a busy port, a bad port setting) end the run with one line naming the setting and exit
 * status 1: the exec plugin would print a stack trace for an exception, which says nothing more.
 */
public final class DevServer {

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        Path provisioned = Path.of(Provision.DEFAULT_ENV_FILE);
        if (env.getOrDefault("LOGTO_ENDPOINT", "").isBlank() && Files.exists(provisioned)) {
            AppEnvFile.read(provisioned).forEach(env::putIfAbsent);
            System.out.println("Using the Logto tenant and app in " + provisioned + " (written by ./provision)");
        }
        String baseUrl = env.getOrDefault("LOGTO_BASE_URL", "http://localhost:8080").replaceAll("/+$", "");
        env.put("LOGTO_BASE_URL", baseUrl);
        LogtoDevProvider provider = null;
        LogtoDevProvider upstream = null;
        if (env.getOrDefault("LOGTO_ENDPOINT", "").isBlank()) {
            String secret = randomSecret();
            int devPort = devPort(env); // before anything starts or prints: a busy port is the run's only line
            upstream = DevUpstream.start(baseUrl);
            provider = startProvider(DevUpstream.connect(DevSetup.provider(baseUrl, devPort, secret), upstream, env),
                    devPort);
            env.putIfAbsent("LOGTO_RESOURCES", DevSetup.ORDERS_API);
            env.putIfAbsent("LOGTO_SCOPES", DevSetup.SCOPES);
            env.put("LOGTO_ENDPOINT", provider.endpoint());
            env.put("LOGTO_APP_ID", DevSetup.APP_ID);
            env.put("LOGTO_APP_SECRET", secret);
            System.out.println("Development provider (Logto-shaped) at " + provider.issuer()
                    + ": sign in with any user name; give the role \"admin\" to open /admin; you join the example"
                    + " organizations the login page names (see /organizations).");
            System.out.println("Account Center: /account links an account at the upstream provider "
                    + upstream.issuer() + " (any user name there); confirm with your password, which is your user"
                    + " name.");
        }
        int port = URI.create(baseUrl).getPort() > 0 ? URI.create(baseUrl).getPort() : 8080;
        List<String> command = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx512m",
                "-jar", "target/payara-micro.jar",
                "--nohazelcast", "--port", String.valueOf(port), "--contextroot", "/",
                "--prebootcommandfile", "server-config/payara/pre-boot-commands.asadmin",
                "--deploy", "target/logto-jakarta.war"));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(env);
        Process payara = builder.start();
        LogtoDevProvider started = provider;
        LogtoDevProvider startedUpstream = upstream;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            payara.destroy();
            if (started != null) {
                started.stop();
            }
            if (startedUpstream != null) {
                startedUpstream.stop();
            }
        }));
        System.out.println("Starting the sample at " + baseUrl + "/ (Ctrl+C stops it)");
        System.exit(payara.waitFor());
    }

    /**
     * The development Logto's port from {@code -Dlogto.dev.port} or {@code LOGTO_DEV_PORT}, checked free; a bad value or
     * a busy port ends the run with one line saying which setting to change.
     */
    private static int devPort(Map<String, String> env) {
        int port = 0;
        try {
            port = DevSetup.port(System.getProperty(DevSetup.PORT_PROPERTY), env.get(DevSetup.PORT_VARIABLE));
            if (port != 0) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress("localhost", port));
                }
            }
            return port;
        } catch (IllegalArgumentException e) {
            throw exit(e.getMessage());
        } catch (IOException e) {
            throw exit(busy(port, e));
        }
    }

    /** The provider on its port, or the end of the run if another process took the port since {@link #devPort}. */
    private static LogtoDevProvider startProvider(LogtoDevProvider.Builder provider, int port) {
        try {
            return provider.build().start();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof IOException cause) {
                throw exit(busy(port, cause));
            }
            throw e;
        }
    }

    private static String busy(int port, IOException cause) {
        return "The development provider cannot listen on localhost:" + port + " (" + cause.getMessage() + "): set "
                + DevSetup.PORT_VARIABLE + " or -D" + DevSetup.PORT_PROPERTY + " to a free port, or to 0 for any free one";
    }

    /** Prints {@code message} as the run's last line and exits with status 1; returns only in type. */
    private static RuntimeException exit(String message) {
        System.err.println(message);
        System.exit(1);
        return new IllegalStateException(message);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
