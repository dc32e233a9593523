package com.example.logto.security.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizationUrlTest {

    private static final String SOTERIA = "https://t.logto.app/oidc/auth?scope=openid+profile+offline_access"
            + "&response_type=code&client_id=app&state=s";

    @Test
    void apiScopesJoinTheScopeAndEachIndicatorBecomesAResource() {
        assertEquals("https://t.logto.app/oidc/auth?scope=openid+profile+offline_access+read%3Aorders+write%3Aorders"
                        + "&response_type=code&client_id=app&state=s"
                        + "&resource=https%3A%2F%2Forders.example.com%2Fapi&resource=https%3A%2F%2Fbilling.example.com",
                AuthorizationUrl.withApiAccess(SOTERIA, List.of("https://orders.example.com/api",
                        "https://billing.example.com"), List.of("read:orders", "write:orders")));
    }

    @Test
    void scopeAsTheLastParameterIsExtendedToo() {
        assertEquals("https://t/auth?state=s&scope=openid+read%3Ax",
                AuthorizationUrl.withApiAccess("https://t/auth?state=s&scope=openid", List.of(), List.of("read:x")));
    }

    @Test
    void withoutApisTheRequestIsUnchanged() {
        assertEquals(SOTERIA, AuthorizationUrl.withApiAccess(SOTERIA, List.of(), List.of()));
    }

    @Test
    void aParameterMerelyEndingInScopeIsNotTheScope() {
        assertEquals("https://t/auth?subscope=x&scope=openid+read%3Ax",
                AuthorizationUrl.withApiAccess("https://t/auth?subscope=x&scope=openid", List.of(), List.of("read:x")));
    }

    @Test
    void theStateAndNonceOfTheRequestAreReadDecoded() {
        String url = "https://t/auth?nonce=n%2Bx%3D&scope=openid&state=abc&substate=no";

        assertEquals("abc", AuthorizationUrl.parameter(url, "state"));
        assertEquals("n+x=", AuthorizationUrl.parameter(url, "nonce"));
        assertNull(AuthorizationUrl.parameter(url, "code_challenge"));
    }

    @Test
    void aValueHoldingTheNameIsNotMistakenForIt() {
        assertEquals("x", AuthorizationUrl.parameter("https://t/auth?state=x&other=state=y", "state"));
    }
}
