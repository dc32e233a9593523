package com.example.logto.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * nginx balancing round robin over the cluster members, with {@code server-config/nginx/cluster.conf} as the
 * README runs it: only its ports are replaced by reserved ones (public 8080, members 8091 and 8092, which the
 * back-channel logout's copy also names). For the tests alone it also tells which member answered a balanced
 * request, in the response header {@value #UPSTREAM_HEADER} (nginx's {@code $upstream_addr}:
 * {@code 127.0.0.1:<port>}, or a list when it tried several). Its files stay in {@code target/cluster/nginx/}.
 */
public final class RoundRobinProxy implements AutoCloseable {

    public static final String UPSTREAM_HEADER = "X-Upstream";

    private static final Path SHIPPED = Path.of("server-config", "nginx");
    private static final String BALANCED = "proxy_pass http://logto_cluster;";

    private final Nginx nginx;

    private RoundRobinProxy(Nginx nginx) {
        this.nginx = nginx;
    }

    /** Starts nginx on 127.0.0.1:{@code publicPort} in front of the members on {@code memberPorts} (two). */
    public static RoundRobinProxy start(int publicPort, List<Integer> memberPorts) throws IOException, InterruptedException {
        Path dir = Path.of("target", "cluster", "nginx").toAbsolutePath();
        Files.createDirectories(dir);
        Files.copy(SHIPPED.resolve("proxy-headers.conf"), dir.resolve("proxy-headers.conf"),
                StandardCopyOption.REPLACE_EXISTING);
        String config = Files.readString(SHIPPED.resolve("cluster.conf"));
        config = replace(config, "127.0.0.1:8080;", "127.0.0.1:" + publicPort + ";", 1);
        config = replace(config, "127.0.0.1:8091", "127.0.0.1:" + memberPorts.get(0), 2);
        config = replace(config, "127.0.0.1:8092", "127.0.0.1:" + memberPorts.get(1), 2);
        config = replace(config, BALANCED, BALANCED + " add_header " + UPSTREAM_HEADER + " $upstream_addr always;", 1);
        Path file = dir.resolve("cluster.conf");
        Files.writeString(file, config);
        return new RoundRobinProxy(Nginx.start(dir, file, publicPort));
    }

    /**
     * The members nginx sent the request to: {@code 127.0.0.1:<port>} when the first answered, else every member
     * tried, comma separated, the one that answered last.
     */
    public static String upstream(HttpResponse<?> response) {
        return response.headers().firstValue(UPSTREAM_HEADER)
                .orElseThrow(() -> new AssertionError("no " + UPSTREAM_HEADER + " header from " + response.uri()));
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }

    /** Replaces {@code text}, which must occur exactly {@code times} times (the shipped file's shape). */
    private static String replace(String config, String text, String replacement, int times) {
        if (config.split(Pattern.quote(text), -1).length - 1 != times) {
            throw new IllegalStateException("server-config/nginx/cluster.conf must contain \"" + text + "\" " + times
                    + " times");
        }
        return config.replace(text, replacement);
    }
}
