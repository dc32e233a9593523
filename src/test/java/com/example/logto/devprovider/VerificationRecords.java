package com.example.logto.devprovider;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logto's verification records for the Account API (Logto {@code queries/verification-records.ts}): a fixed lifetime of 10 minutes from
 * creation ({@code queries/verification-records.ts}), not extended by the verify step, never consumed. A password
 * record carries the user id, so it can serve as {@code logto-verification-id}; a social record has none and never
 * can (logto issue #8172).
 */
final class VerificationRecords {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** One record; {@code userId} is null for social records, {@code verified} holds the upstream answer. */
    record Record(String id, String type, String userId, Instant expiresAt, String connectorId, String redirectUri,
                  String nonce, SocialConnector.Verified verified) {

        Record withVerified(SocialConnector.Verified answer) {
            return new Record(id, type, userId, expiresAt, connectorId, redirectUri, nonce, answer);
        }
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();

    Record password(String userId, Instant now) {
        return put(new Record(ProviderStore.randomUid(), "Password", userId, now.plus(LIFETIME), null, null, null,
                null));
    }

    Record social(String connectorId, String redirectUri, Instant now) {
        return put(new Record(ProviderStore.randomUid(), "Social", null, now.plus(LIFETIME), connectorId, redirectUri,
                ProviderStore.randomToken(), null));
    }

    void update(Record record) {
        records.put(record.id(), record);
    }

    /** An active record of that type. */
    Optional<Record> active(String id, String type, Instant now) {
        return Optional.ofNullable(id == null ? null : records.get(id))
                .filter(r -> r.type().equals(type) && now.isBefore(r.expiresAt()));
    }

    /** {@code koaOidcAuth}'s {@code identityVerified}: an active password record of this very user. */
    boolean proves(String id, String userId, Instant now) {
        return active(id, "Password", now).filter(r -> userId.equals(r.userId())).isPresent();
    }

    /** Lets every record run out now, as ten minutes passing would. */
    void expireAll(Instant now) {
        records.replaceAll((id, r) -> new Record(r.id(), r.type(), r.userId(), now.minusSeconds(1), r.connectorId(),
                r.redirectUri(), r.nonce(), r.verified()));
    }

    private Record put(Record record) {
        records.values().removeIf(r -> r.expiresAt().isBefore(Instant.now().minus(LIFETIME)));
        records.put(record.id(), record);
        return record;
    }
}
