package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The readiness check every server start of the tests relies on: a port counts only when it accepts. */
class LocalPortTest {

    @Test
    void portWithAListenerIsReady() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(LocalPort.awaitListening(listener.getLocalPort(), Duration.ofSeconds(5), () -> true));
        }
    }

    @Test
    void closedPortIsNotReadyOnceTheLimitPasses() throws Exception {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = listener.getLocalPort();
        }
        assertFalse(LocalPort.awaitListening(closed, Duration.ofMillis(300), () -> true));
    }

    @Test
    void waitingStopsWhenTheServerIsGone() throws Exception {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = listener.getLocalPort();
        }
        assertFalse(LocalPort.awaitListening(closed, Duration.ofMinutes(5), () -> false));
    }
}
