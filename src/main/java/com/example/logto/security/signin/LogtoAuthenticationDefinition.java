package com.example.logto.security.signin;

import com.example.logto.security.session.SessionTokens;
import com.example.logto.security.session.SignedInUser;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.PromptType;

/**
 * The one OpenID Connect mechanism of the application: Jakarta Security's standard annotation, implemented by
 * the server (Eclipse Soteria), with every value read from {@link com.example.logto.config.LogtoConfig}.
 *
 * <pre>
 *  Browser            This app                                   Logto (issuer = endpoint + /oidc)
 *    | GET /api/logto/sign-in  |                                         |
 *    |------------------------>| (1) redirect: /oidc/auth?client_id&amp;redirect_uri&amp;scope&amp;state&amp;nonce&amp;prompt=consent
 *    |<------------------------|                                         |
 *    |------------------------------- (2) user signs in at Logto -------->|
 *    |<------------------------------ (3) redirect_uri?code&amp;state&amp;iss ---|
 *    | GET /api/logto/sign-in-callback?code&amp;state                         |
 *    |------------------------>| (4) POST /oidc/token (code) ----------->|
 *    |                         |     ID token (ES384) + opaque access token + refresh token
 *    |                         | (5) GET /oidc/jwks (cached) to verify the ID token
 *    |<-- 303 to returnTo -----| (6) later: refresh_token grant shortly before the access token expires (SessionTokens)
 * </pre>
 *
 * Why each non-default value:
 * <ul>
 * <li>{@code providerURI}: Soteria appends {@code /.well-known/openid-configuration}; Logto's issuer is
 *     {@code <endpoint>/oidc} and {@code iss} is compared exactly.</li>
 * <li>{@code redirectURI}: built from {@code LOGTO_BASE_URL}, never from the request's host, because Logto
 *     matches redirect URIs exactly (docs/logto.md §7).</li>
 * <li>{@code prompt=consent}: node-oidc-provider drops {@code offline_access} without it, and without a refresh
 *     token the session would end when the one-hour access token does (check_scope.js; docs/logto.md §3).</li>
 * <li>{@code tokenAutoRefresh=false}: Soteria handles only the sign-in; after it the signed-in state is the app's
 *     own ({@link SignedInUser}), and {@link SessionTokens} refreshes the tokens shortly before expiry. Token expiry
 *     alone never signs out ({@code @LogoutDefinition}).</li>
 * <li>{@code callerNameClaim=sub}: Logto's stable user id, what the SDK sample shows; {@code preferred_username}
 *     is absent for many users. {@code callerGroupsClaim=roles}: Logto has no {@code groups} claim.</li>
 * <li>{@code redirectToOriginalResource=false}: Soteria's request replay loses the parameters (soteria#333);
 *     {@link com.example.logto.web.SignInCallbackServlet} redirects instead.</li>
 * <li>{@code notifyProvider=false}: {@link com.example.logto.web.SignOutServlet} revokes the refresh token and
 *     builds the end-session URL itself (Soteria sends no {@code client_id}, and its URL breaks on RESTEasy,
 *     soteria#367).</li>
 * </ul>
 */
@ApplicationScoped
@DeclareRoles("admin")
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${logtoConfig.issuer}",
        clientId = "${logtoConfig.appId}",
        clientSecret = "${logtoConfig.appSecret}",
        redirectURI = "${logtoConfig.redirectUri}",
        scopeExpression = "${logtoConfig.scope}",
        prompt = PromptType.CONSENT,
        redirectToOriginalResource = false,
        tokenAutoRefresh = false,
        jwksConnectTimeoutExpression = "${logtoConfig.jwksTimeoutMillis}",
        jwksReadTimeoutExpression = "${logtoConfig.jwksTimeoutMillis}",
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "sub", callerGroupsClaim = "roles"),
        logout = @LogoutDefinition(
                notifyProvider = false,
                redirectURI = "${logtoConfig.postSignOutRedirectUri}",
                accessTokenExpiry = false,
                identityTokenExpiry = false))
public class LogtoAuthenticationDefinition {
}
