package com.example.logto.devprovider;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@link DevServer} in its own JVM, as {@code mvn -Prun} runs it, for tests of the zero-account run: started in a
 * fresh directory that links only {@code target} and {@code server-config} of this project, so a developer's
 * {@code .logto/app.env} (written by {@code ./provision}) never turns the run towards a real tenant; without the
 * {@code LOGTO_*} and {@code JAVA_*OPTIONS} variables of the calling environment. Its output is collected line by
 * line, stdout and stderr apart; {@link #close()} ends it and the Payara Micro it started.
 */
public final class DevServerProcess implements AutoCloseable {

    private final Process process;
    private final Path directory;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private DevServerProcess(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
        readers.add(drain(process.getInputStream(), out));
        readers.add(drain(process.getErrorStream(), err));
    }

    /** Starts it with these environment variables and {@code -D} options (e.g. {@code -Dlogto.dev.port=0}). */
    public static DevServerProcess start(Map<String, String> env, List<String> systemProperties) throws IOException {
        Path project = Path.of("").toAbsolutePath();
        Path dir = Files.createTempDirectory("dev-server");
        Files.createSymbolicLink(dir.resolve("target"), project.resolve("target"));
        Files.createSymbolicLink(dir.resolve("server-config"), project.resolve("server-config"));
        List<String> command = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(systemProperties);
        command.add(DevServer.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LOGTO_") || name.endsWith("JAVA_OPTIONS")
                || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(env);
        return new DevServerProcess(builder.start(), dir);
    }

    /** Waits for its end (at most {@code seconds}); its exit status. */
    public int exitStatus(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("Still running after " + seconds + " s; output:\n" + String.join("\n", out)
                    + "\nerrors:\n" + String.join("\n", err));
        }
        for (Thread reader : readers) {
            reader.join(5000);
        }
        return process.exitValue();
    }

    /**
     * Waits until a line of its output matches, while it runs (at most {@code seconds}); that line. Both streams:
     * Payara Micro logs to stderr.
     */
    public String awaitLine(Predicate<String> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Optional<String> line = Stream.concat(out.stream(), err.stream()).filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No such line " + (process.isAlive() ? "within " + seconds + " s" : "before it ended")
                + "; output:\n" + String.join("\n", out) + "\nerrors:\n" + String.join("\n", err));
    }

    public List<String> stdout() {
        return List.copyOf(out);
    }

    public List<String> stderr() {
        return List.copyOf(err);
    }

    /** Ends it as Ctrl+C would, then makes sure the Payara Micro it started has ended too. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            child.destroy();
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
        process.destroyForcibly();
        try {
            Files.deleteIfExists(directory.resolve("target"));
            Files.deleteIfExists(directory.resolve("server-config"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread drain(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output ended: " + e.getMessage() + ")");
            }
        }, "dev-server-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
