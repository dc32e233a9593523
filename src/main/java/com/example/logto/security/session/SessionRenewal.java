package com.example.logto.security.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Renews a request's session in place when a sign-in begins or ends: the session gets a new id and loses or gains
 * the {@link SignedInUser}, and stays usable for the rest of the request.
 *
 * <pre>
 * SessionRenewal.signIn(request, user);   // at the callback, once Soteria's session bean is gone
 * SessionRenewal.signOut(request);        // Logto ended the sign-in (back-channel logout, refused refresh)
 * </pre>
 *
 * <p><b>A new id.</b> An id known before the change opens nothing after it: one an attacker planted before the
 * sign-in (OWASP session fixation), or the cookie of a sign-in Logto has ended.
 *
 * <p><b>Not invalidate-and-create.</b> The request goes on, and may need a session again: the callback stores the
 * user, a protected page starts a new sign-in whose state Soteria keeps in the session. On WildFly 39 a session
 * created in the request that invalidated the previous one is never completed (WFLY-21895, fixed in WildFly 40 by
 * wildfly/wildfly#20008): it holds the distributable session manager's lifecycle lock, and every undeploy and
 * shutdown then waits 60 s for it ({@code DistributableSessionManager.stop}). Changing the id
 * ({@code HttpServletRequest.changeSessionId()}) keeps one session per request, on every server.
 */
public final class SessionRenewal {

    private SessionRenewal() {
    }

    /** The session under a new id, with {@code user} signed in; the sign-in under way stays for its {@code returnTo}. */
    public static void signIn(HttpServletRequest request, SignedInUser user) {
        HttpSession session = request.getSession();
        request.changeSessionId();
        user.storeIn(session);
    }

    /** The session under a new id, with nobody signed in; does nothing when the session has ended meanwhile. */
    public static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        try {
            session.removeAttribute(SignedInUser.ATTRIBUTE);
            request.changeSessionId();
        } catch (IllegalStateException endedMeanwhile) {
            // invalidated by a concurrent sign-out: nobody is signed in, which is the goal
        }
    }
}
