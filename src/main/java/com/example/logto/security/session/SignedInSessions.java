package com.example.logto.security.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What back-channel logouts have ended on this server: the HTTP sessions signed in here, by Logto session
 * ({@code sid}) and user ({@code sub}), which a logout invalidates at once, and a record of each logout, which
 * refuses any other session of that {@code sid} or {@code sub} when it next shows up.
 *
 * <pre>
 * sessions.register(session, sid, sub);            // at sign-in
 * sessions.end(sid, sub, Duration.ofMinutes(60));  // a verified logout token: ends and remembers
 * sessions.ended(signedInUser);                    // on every request: true once Logto ended that session
 * </pre>
 *
 * <p><b>Why the record.</b> In a cluster a session can be served by a member that never saw its sign-in (it was
 * replicated, or the member that signed the user in is gone), so no member's list of sessions is complete. The
 * balancer sends each back-channel call to every member (nginx {@code mirror}, see the README's cluster section),
 * and every member refuses the sessions the token names at their next request. A record is kept as long as a
 * session can stay idle (the session timeout): a session not used for that long has expired anyway.
 */
@ApplicationScoped
public class SignedInSessions {

    private record Entry(HttpSession session, String sid, String sub) {
    }

    /** A logout: of {@code sid} (when {@code sub} is given too, only that user's), or of every session of {@code sub}. */
    private record Logout(String sub, Instant endedAt, Instant keepUntil) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, Logout> logouts = new ConcurrentHashMap<>();

    /** Remembers a session that just signed in; {@code sid} is null unless Logto sends it (session required). */
    public void register(HttpSession session, String sid, String sub) {
        sessions.put(session.getId(), new Entry(session, sid, Objects.requireNonNull(sub, "sub")));
    }

    /**
     * Forgets a session by its id: the container may hand out a new object for the same session in each request and
     * listener call (WildFly does), so the object registered at sign-in is not the one that ends.
     */
    public void forget(HttpSession session) {
        sessions.remove(session.getId());
    }

    /**
     * Ends the sessions a logout token names (Back-Channel Logout 2.7): those of Logto session {@code sid} when
     * given (and of user {@code sub}, if given too), else every session of {@code sub} signed in before now.
     *
     * @param keepFor how long to refuse other sessions it names: the session timeout
     * @return how many sessions of this server were ended at once
     */
    public int end(String sid, String sub, Duration keepFor) {
        Instant now = Instant.now();
        logouts.values().removeIf(logout -> logout.keepUntil().isBefore(now));
        logouts.put(sid != null ? "sid " + sid : "sub " + sub, new Logout(sub, now, now.plus(keepFor)));
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

    /** Whether a back-channel logout has ended the Logto session of {@code user}. Cheap when none was received. */
    public boolean ended(SignedInUser user) {
        if (logouts.isEmpty()) {
            return false;
        }
        Logout bySid = user.sid() == null ? null : logouts.get("sid " + user.sid());
        if (bySid != null && (bySid.sub() == null || bySid.sub().equals(user.subject()))) {
            return true;
        }
        Logout bySub = logouts.get("sub " + user.subject());
        return bySub != null && !user.signedInAt().isAfter(bySub.endedAt());
    }

    /** Never prints session ids. */
    @Override
    public String toString() {
        return "SignedInSessions[" + sessions.size() + " sessions, " + logouts.size() + " logouts]";
    }
}
