package com.example.logto.security.session;

import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per HTTP session for its calls to Logto's token endpoint, taken with a bounded wait: a request never
 * queues behind another request's slow call for longer than its caller allows. Striped by session id: a fixed
 * array, nothing to clean up when sessions end; sessions that share a stripe share only these short waits.
 *
 * <pre>
 * ReentrantLock lock = locks.tryLock(session, Duration.ofMillis(250));   // null: still held by another request
 * if (lock != null) try { ... } finally { lock.unlock(); }
 * </pre>
 */
final class SessionLocks {

    private final ReentrantLock[] locks = new ReentrantLock[256];

    SessionLocks() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The session's lock, now held by this thread, or {@code null} if it could not be had within {@code wait}. */
    ReentrantLock tryLock(HttpSession session, Duration wait) {
        ReentrantLock lock = locks[Math.floorMod(session.getId().hashCode(), locks.length)];
        try {
            return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS) ? lock : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
