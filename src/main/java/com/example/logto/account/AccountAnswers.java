package com.example.logto.account;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Account API's answers (Logto v1.37.0, {@code packages/core/src/routes/account/} and {@code routes/verification/}) into values; anything malformed
 * becomes an {@link AccountApiException} with the code {@code invalid_response}, never a runtime exception.
 */
final class AccountAnswers {

    static final String INVALID = "invalid_response";

    private AccountAnswers() {
    }

    /** {@code {verificationRecordId, expiresAt}} of {@code POST /api/verifications/password} (201). */
    static StepUp verification(JsonObject answer) throws AccountApiException {
        try {
            return new StepUp(text(answer, "verificationRecordId"), Instant.parse(text(answer, "expiresAt")));
        } catch (DateTimeParseException e) {
            throw invalid("expiresAt is not an ISO instant");
        }
    }

    /** {@code {verificationRecordId, authorizationUri}} of {@code POST /api/verifications/social} (201). */
    static SocialStart socialStart(JsonObject answer) throws AccountApiException {
        String uri = text(answer, "authorizationUri");
        if (!uri.startsWith("https://") && !uri.startsWith("http://")) {
            throw invalid("authorizationUri is not an http(s) URL");
        }
        return new SocialStart(text(answer, "verificationRecordId"), uri);
    }

    /** The start of a link: the social verification record and where to send the browser. */
    record SocialStart(String recordId, String authorizationUri) {
    }

    /**
     * {@code {access_token, token_type?, scope?, expires_in?}} of {@code GET .../access-token}; without
     * {@code expires_in} the token is kept for at most {@code maxSeconds}.
     */
    static ProviderToken providerToken(JsonObject answer, Instant now, long maxSeconds) throws AccountApiException {
        String token = text(answer, "access_token");
        String type = answer.get("token_type") instanceof JsonString s && !s.getString().isBlank() ? s.getString()
                : "Bearer";
        long seconds = answer.get("expires_in") instanceof JsonNumber n ? Math.max(0, n.longValue()) : maxSeconds;
        // used until shortly before expires_in, so it never lapses on its way to the provider
        return new ProviderToken(token, type, now.plusSeconds(seconds - Math.min(30, seconds / 2)));
    }

    /** {@code GET /api/my-account}: the linked identities and what the profile tells about other sign-in methods. */
    static AccountProfile profile(JsonObject answer) throws AccountApiException {
        if (!(answer.get("id") instanceof JsonString)) {
            throw invalid("the profile has no id");
        }
        List<LinkedIdentity> identities = new ArrayList<>();
        boolean listed = answer.get("identities") instanceof JsonObject;
        if (listed) {
            for (var entry : answer.getJsonObject("identities").entrySet()) {
                if (entry.getValue() instanceof JsonObject identity) {
                    JsonObject details = identity.get("details") instanceof JsonObject d ? d
                            : JsonValue.EMPTY_JSON_OBJECT;
                    identities.add(new LinkedIdentity(entry.getKey(), optional(identity, "userId").orElse(""),
                            optional(details, "name").orElse(null), optional(details, "email").orElse(null)));
                }
            }
        }
        Optional<Boolean> hasPassword = answer.get("hasPassword") == JsonValue.TRUE ? Optional.of(true)
                : answer.get("hasPassword") == JsonValue.FALSE ? Optional.of(false) : Optional.empty();
        boolean emailOrPhone = optional(answer, "primaryEmail").isPresent()
                || optional(answer, "primaryPhone").isPresent();
        return new AccountProfile(listed, List.copyOf(identities), hasPassword, emailOrPhone);
    }

    /** Logto's error body {@code {code, message}}; a body of another shape keeps the status. */
    static AccountApiException error(int status, JsonObject body) {
        return new AccountApiException(status, optional(body, "code").orElse("http_" + status),
                optional(body, "message").orElse(""));
    }

    private static String text(JsonObject answer, String name) throws AccountApiException {
        return optional(answer, name).filter(v -> !v.isBlank()).orElseThrow(() -> invalid(name + " is missing"));
    }

    private static Optional<String> optional(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    private static AccountApiException invalid(String why) {
        return new AccountApiException(502, INVALID, why);
    }
}
