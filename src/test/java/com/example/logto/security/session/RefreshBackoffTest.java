package com.example.logto.security.session;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.config.LogtoConfig;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry time a session keeps after Logto could not be reached: growing with each failure, capped, reset. */
class RefreshBackoffTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<String, Object> attributes = new HashMap<>();
    private final HttpSession session = (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
            new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void eachFailureDoublesTheWaitUpToTheCap() {
        Duration first = Duration.between(NOW, RefreshBackoff.failed(session, NOW));
        Duration second = Duration.between(NOW, RefreshBackoff.failed(session, NOW));
        Duration third = Duration.between(NOW, RefreshBackoff.failed(session, NOW));
        for (int i = 0; i < 40; i++) {
            RefreshBackoff.failed(session, NOW);
        }

        assertAll(
                () -> assertEquals(LogtoConfig.REFRESH_RETRY_FIRST, first),
                () -> assertEquals(LogtoConfig.REFRESH_RETRY_FIRST.multipliedBy(2), second),
                () -> assertEquals(LogtoConfig.REFRESH_RETRY_FIRST.multipliedBy(4), third),
                () -> assertEquals(NOW.plus(LogtoConfig.REFRESH_RETRY_MAX),
                        ((RefreshBackoff) attributes.get(RefreshBackoff.ATTRIBUTE)).retryAfter()));
    }

    @Test
    void waitingUntilTheRetryTimeAndNoLongerOnceCleared() {
        Instant retryAfter = RefreshBackoff.failed(session, NOW);

        assertAll(
                () -> assertTrue(RefreshBackoff.waiting(session, retryAfter.minusMillis(1))),
                () -> assertFalse(RefreshBackoff.waiting(session, retryAfter)));
        RefreshBackoff.clear(session);
        assertFalse(RefreshBackoff.waiting(session, NOW));
        assertEquals(NOW.plus(LogtoConfig.REFRESH_RETRY_FIRST), RefreshBackoff.failed(session, NOW));
    }
}
