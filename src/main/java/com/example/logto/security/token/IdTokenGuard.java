package com.example.logto.security.token;

import com.example.logto.security.provider.ProviderClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The ID-token checks Soteria 3.0 leaves out, applied to every ID token it has accepted (at sign-in and after each
 * refresh). Soteria verifies signature, {@code iss}, {@code aud}, {@code exp}, {@code iat}, {@code sub} and
 * {@code nonce}, but picks the algorithm from the token's own header: it accepts an unsigned token
 * ({@code alg: none}, {@code JWTValidator} treats a {@code PlainJWT} as valid) and any RSA, EC or HMAC algorithm,
 * whether or not the provider uses it (docs/soteria.md §6).
 *
 * <pre>
 * IdTokenGuard.problem(idToken, providerMetadata)   // empty: fine; else the reason, without the token
 * </pre>
 *
 * Rules: the header's {@code alg} must be one the provider lists in discovery's
 * {@code id_token_signing_alg_values_supported} (OpenID Connect Core 3.1.3.7 step 7: the algorithm agreed for
 * the client, not one the token picks; RFC 8725 2.1 and 3.1), never {@code none} (unsigned tokens are for
 * clients that asked for them, Core 3.1.3.7 step 6; this one never does), and {@code sub} must be present
 * (Core 2).
 */
public final class IdTokenGuard {

    private IdTokenGuard() {
    }

    public static Optional<String> problem(String idToken, JsonObject providerMetadata) {
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.of("the ID token is not a signed JWT (" + parts.length + " parts)");
        }
        JsonObject header;
        JsonObject claims;
        try {
            header = json(parts[0]);
            claims = json(parts[1]);
        } catch (RuntimeException e) {
            return Optional.of("the ID token cannot be read: " + e.getClass().getSimpleName());
        }
        String alg = header.containsKey("alg") && header.get("alg") instanceof JsonString s ? s.getString() : null;
        if (alg == null || alg.equalsIgnoreCase("none") || parts[2].isEmpty()) {
            return Optional.of("the ID token is not signed (alg " + alg + ")");
        }
        JsonValue listed = providerMetadata.get("id_token_signing_alg_values_supported");
        boolean advertised = listed instanceof JsonArray algs
                && algs.stream().anyMatch(a -> a instanceof JsonString s && s.getString().equals(alg));
        if (!advertised) {
            return Optional.of("the ID token is signed with " + alg.replaceAll("[^A-Za-z0-9]", "")
                    + ", which the provider's discovery does not list");
        }
        if (!(claims.get("sub") instanceof JsonString sub) || sub.getString().isEmpty()) {
            return Optional.of("the ID token has no sub");
        }
        return Optional.empty();
    }

    private static JsonObject json(String part) {
        String text = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        return ProviderClient.readObject(text); // one JSON provider, not a class-path lookup per call
    }
}
