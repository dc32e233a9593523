package com.example.logto.account;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What the account page keeps in the HTTP session, as serializable values set anew on each change (so a cluster
 * replicates them, Servlet 6.0 7.7.2): the password step-up, the link under way, the provider token from the
 * Secret Vault, and a one-time notice for the next page. The session ends with sign-out, and all of it with it.
 */
final class AccountSession {

    private static final String PREFIX = AccountSession.class.getName() + ".";
    private static final String STEP_UP = PREFIX + "stepUp";
    private static final String LINK = PREFIX + "link";
    private static final String TOKEN = PREFIX + "providerToken";
    private static final String NOTICE = PREFIX + "notice";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A link under way: the state this app made, Logto's social record, and when it started (10-minute record). */
    record PendingLink(String state, String socialRecordId, Instant expiresAt) implements Serializable {

        /** Constant time, so the comparison tells an attacker nothing about the state (OWASP). */
        boolean stateMatches(String candidate) {
            return candidate != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                    candidate.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpSession session;

    AccountSession(HttpSession session) {
        this.session = session;
    }

    Optional<StepUp> stepUp(Instant now) {
        return Optional.ofNullable((StepUp) session.getAttribute(STEP_UP)).filter(s -> s.validAt(now));
    }

    void keepStepUp(StepUp stepUp) {
        session.setAttribute(STEP_UP, stepUp);
    }

    /** Logto refused the record (expired or revoked): ask for the password again. */
    void dropStepUp() {
        session.removeAttribute(STEP_UP);
    }

    /** A new link: a fresh state (32 random bytes) the app checks at its callback, since Logto does not. */
    static String newState() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void startLink(PendingLink link) {
        session.setAttribute(LINK, link);
    }

    Optional<PendingLink> pendingLink() {
        return Optional.ofNullable((PendingLink) session.getAttribute(LINK));
    }

    /** Single use: a replayed callback finds nothing. */
    void endLink() {
        session.removeAttribute(LINK);
    }

    Optional<ProviderToken> providerToken(Instant now) {
        return Optional.ofNullable((ProviderToken) session.getAttribute(TOKEN)).filter(t -> t.validAt(now));
    }

    void keepProviderToken(ProviderToken token) {
        session.setAttribute(TOKEN, token);
    }

    void dropProviderToken() {
        session.removeAttribute(TOKEN);
    }

    void notice(String text) {
        session.setAttribute(NOTICE, text);
    }

    /** The notice for this page view, removed so that it shows once. */
    Optional<String> takeNotice() {
        Optional<String> notice = Optional.ofNullable((String) session.getAttribute(NOTICE));
        notice.ifPresent(n -> session.removeAttribute(NOTICE));
        return notice;
    }

    static Duration linkLifetime() {
        return Duration.ofMinutes(10);
    }
}
