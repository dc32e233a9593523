package com.example.logto.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a child process of the tests ({@link TlsProxy}, {@link RoundRobinProxy}): in the foreground
 * ({@code daemon off;} in the config), with {@code dir} as its prefix, so its pid file, logs and temporary files
 * stay there.
 */
final class Nginx implements AutoCloseable {

    private final Process process;

    private Nginx(Process process) {
        this.process = process;
    }

    /** Starts nginx with {@code config} and waits until it accepts connections on 127.0.0.1:{@code port}. */
    static Nginx start(Path dir, Path config, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("nginx", "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
                "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process);
        if (LocalPort.awaitListening(port, Duration.ofSeconds(20), process::isAlive)) {
            return nginx;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("nginx stopped (is Debian's nginx installed? apt-get install -y nginx): "
                    + Files.readString(dir.resolve("nginx.out")) + readIfExists(dir.resolve("error.log")));
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on " + port + " within 20 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx shuts down fast and removes its pid file
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
