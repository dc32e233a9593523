package com.example.logto.security.signin;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignInRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
        "profile", "/a b", "/%0d%0aSet-Cookie:x", "\t/x"})
    void returnToOutsideThisSiteIsRefused(String returnTo) {
        if (returnTo.contains("%0d")) {
            returnTo = "/\r\nSet-Cookie:x";
        }
        String value = returnTo;
        assertThrows(SignInRequest.InvalidParameterException.class, () -> SignInRequest.returnTo(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/profile", "/profile?tab=claims&x=%2F", "/admin#top"})
    void returnToPathOnThisSiteIsKept(String returnTo) {
        assertEquals(returnTo, SignInRequest.returnTo(returnTo));
    }

    @Test
    void missingReturnToMeansHome() {
        assertNull(SignInRequest.parse(Map.<String, String>of()::get, false).returnTo());
    }

    @Test
    void signUpOpensRegisterUnlessAFirstScreenIsGiven() {
        assertEquals("register", SignInRequest.parse(Map.<String, String>of()::get, true)
                .logtoParameters().get("first_screen"));
        assertEquals("reset_password", SignInRequest.parse(Map.of("first_screen", "reset_password")::get, true)
                .logtoParameters().get("first_screen"));
    }

    @Test
    void parametersAreAppendedEncoded() {
        SignInRequest request = SignInRequest.parse(Map.of("login_hint", "ann+1@example.com",
                "ui_locales", "de-CH en", "direct_sign_in", "sso:abc123")::get, false);

        assertEquals("https://t/oidc/auth?client_id=a&direct_sign_in=sso%3Aabc123&login_hint=ann%2B1%40example.com"
                        + "&ui_locales=de-CH%20en",
                request.appendTo("https://t/oidc/auth?client_id=a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"first_screen=identifier:sign-in", "first_screen=signIn", "direct_sign_in=social:",
        "direct_sign_in=google", "direct_sign_in=social:a/b", "ui_locales=en_US", "login_hint=a\nb"})
    void invalidLogtoParameterIsRefused(String parameter) {
        String[] pair = parameter.split("=", 2);
        assertThrows(SignInRequest.InvalidParameterException.class,
                () -> SignInRequest.parse(Map.of(pair[0], pair[1])::get, false));
    }

    @Test
    void aSentRequestRemembersItsStateAndNonceAndKeepsTheRest() {
        SignInRequest parsed = SignInRequest.parse(Map.of("returnTo", "/profile", "direct_sign_in", "social:google")::get,
                false);

        SignInRequest sent = parsed.sentAs("https://t/oidc/auth?client_id=app&state=s-1&nonce=n-2&scope=openid", "v");

        assertAll(
                () -> assertNull(parsed.state()),
                () -> assertEquals("s-1", sent.state()),
                () -> assertEquals("n-2", sent.nonce()),
                () -> assertEquals("v", sent.codeVerifier()),
                () -> assertEquals("/profile", sent.returnTo()),
                () -> assertEquals(parsed.logtoParameters(), sent.logtoParameters()));
    }
}
