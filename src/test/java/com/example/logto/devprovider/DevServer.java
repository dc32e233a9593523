package com.example.logto.devprovider;

import com.example.logto.provision.AppEnvFile;
import com.example.logto.provision.Provision;
import java.io.File;
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
 * http://localhost:3001 (Logto's own default port) with a freshly registered application, so a newcomer can sign in with any user name and no account. The
 * provider lives in the test sources: the WAR knows nothing of it and cannot fall back to it.
 */
public final class DevServer {

    /** The sample API's indicator at the development provider: every user may read orders, admins may write. */
    private static final String DEV_API = "https://orders.example.com/api";

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
            upstream = DevUpstream.start(baseUrl);
            LogtoDevProvider.Builder logto = LogtoDevProvider.builder().host("localhost").port(3001)
                    .client("dev-app", secret, List.of(baseUrl + "/api/logto/sign-in-callback"), List.of(baseUrl + "/"))
                    .apiResource(DEV_API, Map.of("*", List.of("read:orders"), "admin", List.of("write:orders")))
                    .backChannelLogoutUri("dev-app", baseUrl + "/api/logto/backchannel-logout");
            provider = DevUpstream.connect(logto, upstream, env).build().start();
            env.putIfAbsent("LOGTO_RESOURCES", DEV_API);
            env.put("LOGTO_ENDPOINT", provider.endpoint());
            env.put("LOGTO_APP_ID", "dev-app");
            env.put("LOGTO_APP_SECRET", secret);
            System.out.println("Development provider (Logto-shaped) at " + provider.issuer()
                    + ": sign in with any user name; give the role \"admin\" to open /admin.");
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

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
