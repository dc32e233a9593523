package com.example.logto.security.session;

import com.example.logto.security.signin.LogtoAuthenticationMechanism;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A sign-in beginning or ending renews the request's one session (new id) instead of invalidating it and creating
 * another: WildFly 39 never completes a session created after an invalidation in the same request, and undeploy then
 * waits 60 s (see {@link SessionRenewal}). The fake request below fails such a second session.
 */
class SessionRenewalTest {

    private static final String PENDING = LogtoAuthenticationMechanism.PENDING;

    private final Request request = new Request();
    private final SignedInUser user = new SignedInUser("u1", Set.of(), jwt("{\"sub\":\"u1\",\"sid\":\"s1\"}"),
            "access-1", Instant.now().plusSeconds(3600), "refresh-1");

    @Test
    void signInKeepsTheSessionAndThePendingSignInUnderANewId() {
        HttpSession session = request.api().getSession();
        session.setAttribute(PENDING, "returnTo /profile");
        String plantedId = session.getId();

        SessionRenewal.signIn(request.api(), user);

        assertAll(
                () -> assertSame(session, request.api().getSession(false)),
                () -> assertNotEquals(plantedId, session.getId()),
                () -> assertSame(user, SignedInUser.of(session)),
                () -> assertEquals("returnTo /profile", session.getAttribute(PENDING)),
                () -> assertFalse(request.invalidated));
    }

    @Test
    void signOutTakesTheUserOutUnderANewIdAndTheRequestCanStillStartASignIn() {
        HttpSession session = request.api().getSession();
        user.storeIn(session);
        String oldId = session.getId();

        SessionRenewal.signOut(request.api());
        request.api().getSession().setAttribute(PENDING, "returnTo /admin"); // a protected page starts a sign-in

        assertAll(
                () -> assertNull(SignedInUser.of(session)),
                () -> assertNotEquals(oldId, session.getId()),
                () -> assertSame(session, request.api().getSession(false)),
                () -> assertEquals("returnTo /admin", session.getAttribute(PENDING)),
                () -> assertFalse(request.invalidated));
    }

    @Test
    void signOutWithoutASessionDoesNothing() {
        SessionRenewal.signOut(request.api());

        assertNull(request.api().getSession(false));
    }

    /** One request of a servlet container, holding at most one session; refuses a session created after an invalidation. */
    private static final class Request {
        private final Map<String, Object> attributes = new HashMap<>();
        private HttpSession session;
        private String id;
        private int ids;
        private boolean invalidated;

        HttpServletRequest api() {
            return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getSession" -> args == null || (boolean) args[0] ? sessionCreatedIfAbsent() : session;
                        case "changeSessionId" -> id = "id-" + ++ids;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private HttpSession sessionCreatedIfAbsent() {
            if (session == null) {
                if (invalidated) {
                    throw new AssertionError("a session created after an invalidation in the same request"
                            + " never completes on WildFly 39 (WFLY-21895)");
                }
                id = "id-" + ++ids;
                session = (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                        new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                            case "getId" -> id;
                            case "getAttribute" -> attributes.get((String) args[0]);
                            case "setAttribute" -> attributes.put((String) args[0], args[1]);
                            case "removeAttribute" -> attributes.remove((String) args[0]);
                            case "invalidate" -> {
                                invalidated = true;
                                attributes.clear();
                                session = null;
                                yield null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        });
            }
            return session;
        }
    }

    private static String jwt(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"ES384\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
