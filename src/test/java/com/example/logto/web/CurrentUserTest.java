package com.example.logto.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile page's linked accounts, read from userinfo's {@code identities} claim as Logto shapes it. */
class CurrentUserTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
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
