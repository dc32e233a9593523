package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

/** What every refused sign-in must look like: a 4xx/503 page with a retry link, no trace, nobody signed in. */
final class ProblemPage {

    private ProblemPage() {
    }

    static void assertShown(HttpUser user, HttpResponse<String> response, int status, String title) {
        assertAll(
                () -> assertEquals(status, response.statusCode(), response.body()),
                () -> assertTrue(response.body().contains(title), response.body()),
                () -> assertTrue(response.body().contains("id=\"retry\""), "retry link"),
                () -> assertFalse(response.body().contains("Exception"), "no stack trace"),
                () -> assertEquals("{\"isAuthenticated\":false}", user.get(SampleApp.url("/api/logto/user")).body()));
    }
}
