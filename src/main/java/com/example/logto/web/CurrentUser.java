package com.example.logto.web;

import com.example.logto.security.ProviderClient;
import com.example.logto.security.ProviderClient.ProviderException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signed-in user of this request, for pages ({@code ${user.subject}}) and the JSON route.
 *
 * <p>Claims are the payload of the current ID token, which Soteria verified when it received it (at sign-in or
 * the last refresh), exactly what {@code @logto/next}'s {@code getContext()} returns as {@code claims}. Userinfo
 * is fetched from Logto only when asked for, as the SDK's {@code fetchUserInfo} does.
 */
@Named("user")
@RequestScoped
public class CurrentUser {

    /** Looked up once: each {@code Json.createX()} call searches the class path for a provider (bench/README.md). */
    private static final JsonProvider JSON = JsonProvider.provider();
    static final String CSRF_TOKEN = CurrentUser.class.getName() + ".csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    private HttpServletRequest request;

    @Inject
    private Instance<OpenIdContext> openIdContext;

    @Inject
    private ProviderClient provider;

    private JsonObject claims;
    private JsonObject userInfo;

    public boolean isSignedIn() {
        return request.getUserPrincipal() != null;
    }

    /** Logto's user id ({@code sub}), the caller name the mechanism sets. */
    public String getSubject() {
        return isSignedIn() ? request.getUserPrincipal().getName() : null;
    }

    public boolean isAdmin() {
        return request.isUserInRole("admin");
    }

    /** The ID token's claims. */
    public JsonObject claims() {
        if (claims == null) {
            String[] parts = context().getIdentityToken().getToken().split("\\.");
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            try (JsonReader reader = JSON.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))) {
                claims = reader.readObject();
            }
        }
        return claims;
    }

    /** Fresh claims from Logto's userinfo endpoint, asked once per request. */
    public JsonObject userInfo() throws ProviderException {
        if (userInfo == null) {
            OpenIdContext context = context();
            userInfo = provider.userInfo(context.getProviderMetadata().getString("userinfo_endpoint"),
                    context.getAccessToken().getToken());
        }
        return userInfo;
    }

    /** The opaque access token for Logto's userinfo endpoint. Sensitive: it acts as the user until it expires. */
    public String accessToken() {
        return context().getAccessToken().getToken();
    }

    /** Claims as display text, sorted by name, for the profile page. */
    public Map<String, String> getClaims() {
        return display(claims());
    }

    /** Userinfo as display text; an empty map if Logto could not be asked. */
    public Map<String, String> getUserInfo() {
        try {
            return display(userInfo());
        } catch (ProviderException e) {
            request.setAttribute("userInfoError", "Logto's userinfo endpoint could not be reached.");
            return Map.of();
        }
    }

    /**
     * The accounts at other providers linked to this Logto user: connector target to the user's id there, from
     * userinfo's {@code identities} claim (scope {@code identities}, logto-oidc.md 2). Empty if Logto could not be
     * asked; {@link #getUserInfo} reports that.
     */
    public Map<String, String> getIdentities() {
        return identities(userInfoOrEmpty());
    }

    static Map<String, String> identities(JsonObject userInfo) {
        Map<String, String> rows = new TreeMap<>();
        if (userInfo.get("identities") instanceof JsonObject identities) {
            identities.forEach((target, identity) -> rows.put(target, identity instanceof JsonObject linked
                    && linked.get("userId") != null ? text(linked.get("userId")) : ""));
        }
        return rows;
    }

    private JsonObject userInfoOrEmpty() {
        try {
            return userInfo();
        } catch (ProviderException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** The token a sign-out form must carry, so that another site cannot sign the user out. */
    public String getCsrfToken() {
        HttpSession session = request.getSession();
        String token = (String) session.getAttribute(CSRF_TOKEN);
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(CSRF_TOKEN, token);
        }
        return token;
    }

    private OpenIdContext context() {
        if (!isSignedIn()) {
            throw new IllegalStateException("Nobody is signed in");
        }
        return openIdContext.get();
    }

    private static Map<String, String> display(JsonObject object) {
        Map<String, String> rows = new TreeMap<>();
        object.forEach((name, value) -> rows.put(name, text(value)));
        return rows;
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : value.toString();
    }
}
