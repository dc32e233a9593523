package com.example.logto.devprovider;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -Prun}'s expected failures end the run with one line that names the setting to change, and exit status
 * 1, never a stack trace. Runs {@link DevServer} in its own JVM, as the exec plugin would, without Payara: the
 * provider fails before it.
 */
class DevServerTest {

    @Test
    void aBusyPortEndsTheRunWithOneLineNamingTheSetting() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("localhost"));
             DevServerProcess run = DevServerProcess.start(
                     Map.of("LOGTO_DEV_PORT", String.valueOf(busy.getLocalPort())), List.of())) {
            int status = run.exitStatus(60);

            List<String> errors = run.stderr();
            assertAll(
                    () -> assertEquals(1, status),
                    () -> assertEquals(1, errors.size(), String.join("\n", errors)),
                    () -> assertTrue(errors.get(0).startsWith("The development provider cannot listen on localhost:"
                            + busy.getLocalPort() + " ("), errors.get(0)),
                    () -> assertTrue(errors.get(0).endsWith("): set LOGTO_DEV_PORT or -Dlogto.dev.port to a free port,"
                            + " or to 0 for any free one"), errors.get(0)),
                    () -> assertEquals(List.of(), run.stdout()));
        }
    }

    @Test
    void thePortPropertyWinsOverTheVariableAndMustBeAPort() throws Exception {
        try (DevServerProcess run = DevServerProcess.start(Map.of("LOGTO_DEV_PORT", "0"),
                List.of("-Dlogto.dev.port=eighty"))) {
            int status = run.exitStatus(60);

            assertAll(
                    () -> assertEquals(1, status),
                    () -> assertEquals(List.of("LOGTO_DEV_PORT (-Dlogto.dev.port) must be a port number from 0 to 65535"
                            + " (0 picks a free one), not \"eighty\""), run.stderr()),
                    () -> assertEquals(List.of(), run.stdout()));
        }
    }
}
