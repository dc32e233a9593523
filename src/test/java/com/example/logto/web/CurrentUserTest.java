package com.example.logto.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.example.logto.security.session.SignedInUser;
import com.example.logto.security.session.SignedInUsers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page bean: the sign-out token of a session, and the linked accounts of userinfo's {@code identities} claim. */
class CurrentUserTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /**
     * Two tabs load their first page of a session at once, on a session store that takes a moment to answer (as a
     * replicated one does): both get the same sign-out token. A token made on first use by a check-then-set would
     * differ, and one tab's sign-out would be refused.
     */
    @Test
    void parallelFirstPageLoadsOfOneSessionGetTheSameSignOutToken() throws Exception {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        attributes.put(SignedInUser.ATTRIBUTE, SignedInUsers.signedIn("u1"));
        HttpSession session = proxy(HttpSession.class, (method, args) -> switch (method) {
            case "getAttribute" -> {
                Thread.sleep(20);
                yield attributes.get((String) args[0]);
            }
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "getId" -> "s1";
            default -> null;
        });
        HttpServletRequest request = proxy(HttpServletRequest.class,
                (method, args) -> method.equals("getSession") ? session : null);
        ExecutorService tabs = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tokens.add(tabs.submit(() -> {
                    start.await();
                    return new CurrentUser(request).getCsrfToken();
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> token : tokens) {
                distinct.add(token.get());
            }

            assertEquals(1, distinct.size(), "tokens: " + distinct);
            assertNotNull(distinct.iterator().next());
        } finally {
            tabs.shutdownNow();
        }
    }

    /** A method of the fake, by name and arguments. */
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }

    @Test
    void linkedIdentitiesAreTargetAndUserIdSortedByTarget() {
        JsonObject userInfo = json("{\"sub\":\"u1\",\"identities\":{"
                + "\"acme-sso\":{\"userId\":\"a-42\",\"details\":{\"id\":\"a-42\",\"email\":\"ann@acme.example\"}},"
                + "\"github\":{\"userId\":7,\"details\":{}}},\"sso_identities\":[]}");

        assertEquals(Map.of("acme-sso", "a-42", "github", "7"), CurrentUser.identities(userInfo));
        assertEquals("acme-sso", CurrentUser.identities(userInfo).keySet().iterator().next());
    }

    @Test
    void noIdentitiesClaimMeansNoLinkedAccounts() {
        assertEquals(Map.of(), CurrentUser.identities(json("{\"sub\":\"u1\"}")));
        assertEquals(Map.of(), CurrentUser.identities(json("{\"sub\":\"u1\",\"identities\":{}}")));
    }

    @Test
    void malformedIdentityShowsTheTargetWithoutAnId() {
        assertEquals(Map.of("x", ""), CurrentUser.identities(json("{\"identities\":{\"x\":\"oops\"}}")));
    }
}
