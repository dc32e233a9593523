package com.example.logto.devprovider;

import com.example.logto.devprovider.AccountApi.ApiError;
import com.example.logto.devprovider.ProviderStore.User;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linking a social identity through the Account API (Logto {@code routes/verification/index.ts}, {@code routes/account/identities.ts}): {@code POST /api/verifications/social}
 * (a social record without user id, 10 minutes), {@code POST /api/verifications/social/verify} (the code exchanged
 * upstream by the connector; {@code state} is never compared, as in connector-oidc) and the identity written by
 * {@code POST /api/my-account/identities}, with the token set stored when the connector keeps tokens.
 */
final class SocialLinks {

    private final ProviderStore store;
    private final Map<String, SocialConnector> connectors;
    private final VerificationRecords records;
    private final SecretVault vault;
    /** {@code identities[target].details} per user and target: {@code {id, name?, email?, rawData}}. */
    private final Map<String, Map<String, Object>> details = new ConcurrentHashMap<>();

    SocialLinks(ProviderStore store, Map<String, SocialConnector> connectors, VerificationRecords records,
                SecretVault vault) {
        this.store = store;
        this.connectors = connectors;
        this.records = records;
        this.vault = vault;
    }

    Map<String, Object> details(String sub, String target, String upstreamId) {
        return details.getOrDefault(sub + " " + target, Map.of("id", upstreamId));
    }

    void start(ProviderExchange ex, Instant now) throws IOException {
        Map<String, Object> body = ex.jsonBody();
        if (!(body.get("state") instanceof String state) || !(body.get("redirectUri") instanceof String redirect)
                || !(body.get("connectorId") instanceof String connectorId)) {
            throw new ApiError(400, "guard.invalid_input", "The request input is invalid.");
        }
        if (state.isEmpty() || redirect.isEmpty()) {
            throw new ApiError(400, "session.insufficient_info", "Insufficient session info.");
        }
        SocialConnector connector = Optional.ofNullable(connectors.get(connectorId)).orElseThrow(() ->
                new ApiError(422, "session.invalid_connector_id", "Unable to find available connector with id "
                        + connectorId + "."));
        VerificationRecords.Record record = records.social(connectorId, redirect, now);
        ex.json(201, Map.of("verificationRecordId", record.id(), "expiresAt", record.expiresAt().toString(),
                "authorizationUri", connector.authorizationUri(redirect, state, record.nonce(),
                        (String) body.get("scope"))));
    }

    void verify(ProviderExchange ex, Instant now) throws IOException {
        Map<String, Object> body = ex.jsonBody();
        VerificationRecords.Record record = socialRecord(body.get("verificationRecordId"), now);
        if (!(body.get("connectorData") instanceof Map<?, ?> data) || !(data.get("code") instanceof String code)) {
            throw new ApiError(400, "connector.general", "General connector error.");
        }
        records.update(record.withVerified(connectors.get(record.connectorId()).verify(code, record.redirectUri(),
                record.nonce(), now)));
        ex.json(200, Map.of("verificationRecordId", record.id()));
    }

    private VerificationRecords.Record socialRecord(Object id, Instant now) {
        return records.active(id instanceof String s ? s : null, "Social", now).orElseThrow(() ->
                new ApiError(400, "verification_record.not_found", "Verification record not found."));
    }


    void link(User user, String socialRecordId, Instant now) {
        VerificationRecords.Record record = socialRecord(socialRecordId, now);
        SocialConnector.Verified verified = record.verified();
        if (verified == null) {
            throw new ApiError(400, "verification_record.not_found", "Verification record not found.");
        }
        String target = connectors.get(record.connectorId()).target();
        if (store.userWithIdentity(target, verified.sub()).filter(u -> !u.sub().equals(user.sub())).isPresent()) {
            throw new ApiError(422, "user.identity_already_in_use", "This social identity is already in use.");
        }
        if (user.identities().containsKey(target)) {
            throw new ApiError(400, "user.identity_already_in_use", "This social identity is already in use.");
        }
        store.setIdentity(user.sub(), target, verified.sub());
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", verified.sub());
        Optional.ofNullable(verified.claims().get("name")).ifPresent(n -> shown.put("name", n));
        Optional.ofNullable(verified.claims().get("email")).ifPresent(m -> shown.put("email", m));
        shown.put("rawData", verified.claims());
        details.put(user.sub() + " " + target, shown);
        if (connectors.get(record.connectorId()).tokenStorage()) {
            vault.store(user.sub(), target, verified.tokens());
        }
    }
}
