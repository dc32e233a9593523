package com.example.logto.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Readiness as the users see it: a server is up when its port on 127.0.0.1 accepts a connection, whatever its log
 * says. Used for every server the tests start ({@link ListenerCheck}, {@link ClusterMember}, {@link Nginx}).
 */
final class LocalPort {

    private LocalPort() {
    }

    /**
     * Connects to 127.0.0.1:{@code port} until it accepts, {@code limit} has passed, or {@code keepWaiting} says the
     * server is gone (e.g. its process exited). A refused connection answers at once, so attempts are spaced by
     * 100 ms. Returns whether the port accepted.
     */
    static boolean awaitListening(int port, Duration limit, BooleanSupplier keepWaiting) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        } while (keepWaiting.getAsBoolean() && System.nanoTime() < deadline);
        return false;
    }
}
