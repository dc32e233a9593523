package com.example.logto.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.logto.security.TokenClient.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which refresh token {@link ResourceTokenCache} sends when Logto rotates it, and when it asks again. */
class ResourceTokenCacheTest {

    private final ResourceTokenCache cache = new ResourceTokenCache();
    private final List<String> sent = new ArrayList<>();

    /** Logto as a confidential client sees it after 70 % of the TTL: rt-1 is answered with rt-2. */
    private Tokens logto(String refreshToken, long lifetimeMillis) {
        sent.add(refreshToken);
        return new Tokens("at-" + sent.size(), Instant.now().plusMillis(lifetimeMillis),
                refreshToken.equals("rt-1") ? "rt-2" : refreshToken);
    }

    @Test
    void aTokenIsReusedUntilShortlyBeforeItExpires() throws Exception {
        String first = cache.get("api", "rt-1", rt -> logto(rt, 3_600_000));
        String second = cache.get("api", "rt-1", rt -> logto(rt, 3_600_000));

        assertEquals(first, second);
        assertEquals(1, sent.size());
    }

    @Test
    void aShortLivedTokenIsRefreshedInTheSecondHalfOfItsLife() throws Exception {
        cache.get("api", "rt-3", rt -> logto(rt, 400));
        Thread.sleep(250);
        cache.get("api", "rt-3", rt -> logto(rt, 400));

        assertEquals(2, sent.size());
    }

    @Test
    void theRotatedRefreshTokenIsSentWhileSoteriaStillHoldsTheReplacedOne() throws Exception {
        cache.get("api", "rt-1", rt -> logto(rt, 3_600_000));
        cache.get("other-api", "rt-1", rt -> logto(rt, 3_600_000));

        assertEquals(List.of("rt-1", "rt-2"), sent);
    }

    @Test
    void aNewerRefreshTokenFromSoteriaWins() throws Exception {
        cache.get("api", "rt-1", rt -> logto(rt, 3_600_000));
        cache.get("other-api", "rt-9", rt -> logto(rt, 3_600_000));

        assertEquals(List.of("rt-1", "rt-9"), sent);
    }
}
