package com.example.logto.web;

import com.example.logto.security.provider.ProviderClient;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.provider.ProviderMetadata;
import com.example.logto.security.session.SignedInUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signed-in user of this request, for pages ({@code ${user.subject}}) and the JSON route.
 *
 * <p>Claims are the payload of the session's current ID token ({@link SignedInUser}), verified when it was received
 * (by Soteria at sign-in, by {@link com.example.logto.security.token.IdTokenVerifier} after a refresh), exactly what
 * {@code @logto/next}'s {@code getContext()} returns as {@code claims}. Userinfo is fetched from Logto only when
 * asked for, as the SDK's {@code fetchUserInfo} does.
 */
@Named("user")
@RequestScoped
public class CurrentUser {

    @Inject
    private HttpServletRequest request;


    @Inject
    private ProviderClient provider;

    @Inject
    private ProviderMetadata metadata;

    private JsonObject claims;
    private JsonObject userInfo;

    public CurrentUser() {
    }

    CurrentUser(HttpServletRequest request) {
        this.request = request;
    }

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
            claims = signedIn().claims();
        }
        return claims;
    }

    /**
     * Fresh claims from Logto's userinfo endpoint, asked once per request; refused unless its {@code sub} is the ID
     * token's (OpenID Connect Core 5.3.2: otherwise "the UserInfo Response values MUST NOT be used").
     */
    public JsonObject userInfo() throws ProviderException {
        if (userInfo == null) {
            JsonObject answer = provider.userInfo(metadata.endpoint("userinfo_endpoint"), signedIn().accessToken());
            if (!claims().getString("sub").equals(answer.getString("sub", null))) {
                throw new ProviderException("userinfo names another subject than the ID token", null);
            }
            userInfo = answer;
        }
        return userInfo;
    }

    /** The opaque access token for Logto's userinfo endpoint. Sensitive: it acts as the user until it expires. */
    public String accessToken() {
        return signedIn().accessToken();
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
     * userinfo's {@code identities} claim (scope {@code identities}, docs/logto.md §2). Empty if Logto could not be
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

    /**
     * The token a sign-out form must carry, so that another site cannot sign the user out; made once per signed-in
     * session, at sign-in ({@link SignedInUser#csrfToken}). {@code null} when nobody is signed in: there is nothing
     * to sign out of.
     */
    public String getCsrfToken() {
        SignedInUser signedIn = SignedInUser.of(request.getSession(false));
        return signedIn == null ? null : signedIn.csrfToken();
    }

    private SignedInUser signedIn() {
        if (!isSignedIn()) {
            throw new IllegalStateException("Nobody is signed in");
        }
        return SignedInUser.required(request.getSession(false));
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
