package com.example.logto.security.session;

import com.example.logto.config.LogtoConfig;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A session's token requests that could not reach Logto, and when the next may be tried: 5 s after the first
 * failure, doubling, at most 2 min ({@link LogtoConfig#REFRESH_RETRY_FIRST}, {@link LogtoConfig#REFRESH_RETRY_MAX}).
 * Until then the session goes on with the tokens it has, and no request of it calls Logto.
 *
 * <pre>
 * if (RefreshBackoff.waiting(session, now)) return user;       // Logto failed a moment ago
 * ... refresh fails ...  RefreshBackoff.failed(session, now);
 * ... refresh works ...  RefreshBackoff.clear(session);
 * </pre>
 *
 * It lives in the session, as strings and instants do, so every member of a cluster honours it (Servlet 6.0,
 * 7.7.2: a new value is stored on each change).
 */
record RefreshBackoff(int failures, Instant retryAfter) implements Serializable {

    static final String ATTRIBUTE = RefreshBackoff.class.getName();

    /** Whether the last failure was so recent that Logto is not to be asked again yet. */
    static boolean waiting(HttpSession session, Instant now) {
        return session.getAttribute(ATTRIBUTE) instanceof RefreshBackoff backoff && now.isBefore(backoff.retryAfter());
    }

    /** Records one more failure; returns when Logto may be asked again. */
    static Instant failed(HttpSession session, Instant now) {
        int failures = session.getAttribute(ATTRIBUTE) instanceof RefreshBackoff last ? last.failures() + 1 : 1;
        Duration wait = LogtoConfig.REFRESH_RETRY_FIRST.multipliedBy(1L << Math.min(failures - 1, 16));
        RefreshBackoff next = new RefreshBackoff(failures,
                now.plus(wait.compareTo(LogtoConfig.REFRESH_RETRY_MAX) < 0 ? wait : LogtoConfig.REFRESH_RETRY_MAX));
        session.setAttribute(ATTRIBUTE, next);
        return next.retryAfter();
    }

    /** Logto answered: the next failure starts from the first interval again. */
    static void clear(HttpSession session) {
        if (session.getAttribute(ATTRIBUTE) != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
