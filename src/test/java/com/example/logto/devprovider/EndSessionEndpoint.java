package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.example.logto.devprovider.ProviderStore.PendingLogout;
import com.example.logto.devprovider.ProviderStore.Session;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * RP-initiated logout as Logto serves it (oidc-provider {@code lib/actions/end_session.js}, logto
 * {@code init.ts} {@code rpInitiatedLogout}):
 *
 * <pre>
 *  RP ──GET /oidc/session/end?client_id|id_token_hint, post_logout_redirect_uri, state──▶ OP
 *  OP ──200 page with op.logoutForm (xsrf, logout=yes), submitted by script────────────▶ browser
 *  browser ──POST /oidc/session/end/confirm──▶ OP: session destroyed, _session cleared
 *  OP ──POST logout_token to each client of the session with a Back-channel logout URI──▶ RP(s)
 *  OP ──303 post_logout_redirect_uri[?state] or /oidc/session/end/success──────────────▶ browser
 * </pre>
 *
 * The client comes from {@code client_id} or the hint's {@code aud}; the hint must carry this provider's
 * signature but may be expired ({@code IdToken.validate} with {@code ignoreExpiration}). Without either, a
 * {@code post_logout_redirect_uri} is silently ignored (logto issue #7511). A URI that is not registered for
 * the client is {@code invalid_request} "post_logout_redirect_uri not registered". Sign-out is global:
 * grants without {@code offline_access} are revoked, those with it survive ({@code persistsLogout}), and every
 * client that was authorized in the session hears of it through {@link BackChannelLogout}, the one that asked for
 * the sign-out included (Logto always posts {@code logout=yes}).
 */
final class EndSessionEndpoint {

    private final String issuer;
    private final Function<String, RegisteredClient> clients;
    private final ProviderStore store;
    private final SigningKeys keys;
    private final BackChannelLogout backChannel;

    EndSessionEndpoint(String issuer, Function<String, RegisteredClient> clients, ProviderStore store,
                       SigningKeys keys, BackChannelLogout backChannel) {
        this.issuer = issuer;
        this.clients = clients;
        this.store = store;
        this.keys = keys;
        this.backChannel = backChannel;
    }

    void start(ProviderExchange ex) throws IOException {
        ex.noStore();
        String hint = ex.param("id_token_hint");
        String clientId = ex.param("client_id");
        String postLogoutRedirectUri = ex.param("post_logout_redirect_uri");
        RegisteredClient client = null;
        if (hint != null) {
            String audience = hintAudience(hint);
            if (clientId != null && !clientId.equals(audience)) {
                throw OidcError.invalidRequest("client_id does not match the provided id_token_hint");
            }
            client = clients.apply(audience);
            if (client == null) {
                throw new OidcError(400, "invalid_client", "unrecognized id_token_hint audience");
            }
        } else if (clientId != null) {
            client = clients.apply(clientId);
            if (client == null) {
                throw new OidcError(400, "invalid_client", "client is invalid");
            }
        }
        if (client != null && postLogoutRedirectUri != null) {
            if (!client.postLogoutRedirectUriAllowed(postLogoutRedirectUri)) {
                throw OidcError.invalidRequest("post_logout_redirect_uri not registered");
            }
        } else {
            postLogoutRedirectUri = null;
        }
        String sessionId = ex.cookie(AuthorizationEndpoint.SESSION_COOKIE).flatMap(store::session)
                .map(Session::id).orElse(null);
        PendingLogout logout = store.createLogout(client == null ? null : client.clientId(), postLogoutRedirectUri,
                ex.param("state"), sessionId);
        ex.html(200, ProviderPages.logout(logout.xsrf()));
    }

    /** {@code POST /oidc/session/end/confirm}: the xsrf must come from a logout page this provider rendered. */
    void confirm(ProviderExchange ex) throws IOException {
        ex.noStore();
        Optional<String> cookie = ex.cookie(AuthorizationEndpoint.SESSION_COOKIE);
        PendingLogout logout = store.takeLogout(ex.param("xsrf"))
                .filter(l -> l.sessionId() == null || cookie.filter(l.sessionId()::equals).isPresent())
                .orElseThrow(() -> OidcError.invalidRequest("xsrf token invalid"));
        for (String sessionId : new LinkedHashSet<>(Arrays.asList(logout.sessionId(), cookie.orElse(null)))) {
            store.endSession(sessionId).ifPresent(ended -> backChannel.sessionEnded(issuer, keys, ended.clientIds(),
                    ended.sub(), ended.id(), store.now()));
        }
        ex.addHeader("Set-Cookie", AuthorizationEndpoint.sessionCookie("", Instant.EPOCH));
        if (logout.postLogoutRedirectUri() != null) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("state", logout.state());
            ex.redirect(ProviderExchange.withQuery(
                    RegisteredClient.normalize(logout.postLogoutRedirectUri()).orElseThrow(), params));
        } else {
            ex.redirect(issuer + "/session/end/success");
        }
    }

    void success(ProviderExchange ex) throws IOException {
        ex.html(200, ProviderPages.logoutSuccess());
    }

    /** The {@code aud} of a hint signed by one of the published keys and issued here; expiry is ignored. */
    private String hintAudience(String hint) {
        Map<String, Object> claims;
        try {
            claims = keys.verify(hint)
                    .orElseThrow(() -> OidcError.invalidRequest("could not validate id_token_hint"));
        } catch (ParseException e) {
            throw OidcError.invalidRequest("could not decode id_token_hint");
        }
        if (!issuer.equals(claims.get("iss"))) {
            throw OidcError.invalidRequest("could not validate id_token_hint");
        }
        Object aud = claims.get("aud");
        if (aud instanceof List<?> list && list.size() == 1) {
            aud = list.get(0);
        }
        if (!(aud instanceof String audience)) {
            throw OidcError.invalidRequest("could not validate id_token_hint");
        }
        return audience;
    }
}
