package com.example.logto.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP sessions signed in on this server, by Logto session ({@code sid}) and user ({@code sub}), so that a
 * back-channel logout can end them. Filled by the sign-in callback from the ID token, emptied when a session ends
 * (a session listener calls {@link #forget}).
 *
 * <p>It lives in this server's memory: in a cluster each member knows only the sessions it created, so the
 * logout request has to reach every member (or the sessions' store has to be invalidated by sid), see the README.
 */
@ApplicationScoped
public class SignedInSessions {

    private record Entry(HttpSession session, String sid, String sub) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    /** Remembers a session that just signed in; {@code sid} is null unless Logto sends it (session required). */
    public void register(HttpSession session, String sid, String sub) {
        sessions.put(session.getId(), new Entry(session, sid, Objects.requireNonNull(sub, "sub")));
    }

    public void forget(HttpSession session) {
        sessions.values().removeIf(entry -> entry.session() == session);
    }

    /**
     * Invalidates the sessions a logout token names (Back-Channel Logout 2.7): those of Logto session {@code sid}
     * when given (and of user {@code sub}, if given too), else every session of {@code sub}.
     *
     * @return how many sessions were ended
     */
    public int end(String sid, String sub) {
        List<Entry> matching = sessions.values().stream()
                .filter(e -> sid == null ? e.sub().equals(sub)
                        : sid.equals(e.sid()) && (sub == null || e.sub().equals(sub)))
                .toList();
        for (Entry entry : matching) {
            sessions.values().remove(entry);
            try {
                entry.session().invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // ended meanwhile (sign-out, timeout): the goal is reached
            }
        }
        return matching.size();
    }

    /** Never prints session ids. */
    @Override
    public String toString() {
        return "SignedInSessions[" + sessions.size() + "]";
    }
}
