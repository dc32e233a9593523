package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Client authentication at the token, revocation and introspection endpoints, as oidc-provider does it for a
 * client with a secret (its {@code client_auth.js}; docs/logto.md §7): {@code client_secret_basic} and
 * {@code client_secret_post} are interchangeable once a secret is presented, so both the Logto SDKs (Basic)
 * and Soteria (form post) work. Two mechanisms at once, a malformed Basic header or no credentials at all are
 * 400 {@code invalid_request}; an unknown client, a wrong secret or a JWT assertion (not registered for a
 * Traditional app) are 401 {@code invalid_client}, with {@code WWW-Authenticate: Basic} when the header was used.
 */
final class ClientAuthentication {

    private final String issuer;
    private final Function<String, RegisteredClient> clients;

    ClientAuthentication(String issuer, Function<String, RegisteredClient> clients) {
        this.issuer = issuer;
        this.clients = clients;
    }

    /** The authenticated client, or an {@link OidcError}. */
    RegisteredClient authenticate(ProviderExchange ex) {
        String authorization = ex.header("Authorization");
        String bodySecret = ex.param("client_secret");
        String bodyId = ex.param("client_id");
        String assertion = ex.param("client_assertion");
        long mechanisms = Stream.of(authorization, bodySecret, assertion)
                .filter(v -> v != null).count();
        if (mechanisms > 1) {
            throw OidcError.invalidRequest("client authentication must only be provided using one mechanism");
        }
        String clientId = bodyId;
        String secret = bodySecret;
        if (authorization != null) {
            String[] parts = authorization.split(" ");
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("basic")) {
                throw OidcError.invalidRequest("invalid authorization header value format");
            }
            String basic;
            try {
                basic = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OidcError.invalidRequest("invalid authorization header value format");
            }
            int colon = basic.indexOf(':');
            if (colon < 0) {
                throw OidcError.invalidRequest("invalid authorization header value format");
            }
            try {
                String basicId = ProviderExchange.formDecode(basic.substring(0, colon));
                secret = ProviderExchange.formDecode(basic.substring(colon + 1));
                if (bodyId != null && !bodyId.equals(basicId)) {
                    throw OidcError.invalidRequest("client_id mismatch");
                }
                clientId = basicId;
            } catch (IllegalArgumentException e) {
                throw OidcError.invalidRequest(
                        "client_id and client_secret in the authorization header are not properly encoded");
            }
            if (secret.isEmpty()) {
                throw OidcError.invalidRequest("client_secret must be provided in the Authorization header");
            }
        }
        if (clientId == null || clientId.isEmpty()) {
            throw OidcError.invalidRequest("no client authentication mechanism provided");
        }
        RegisteredClient client = clients.apply(clientId);
        if (client == null || !client.secretMatches(secret)) {
            if (authorization != null) {
                ex.setHeader("WWW-Authenticate", "Basic realm=\"" + issuer
                        + "\", error=\"invalid_client\", error_description=\"client authentication failed\"");
            }
            throw OidcError.invalidClient();
        }
        return client;
    }

}
