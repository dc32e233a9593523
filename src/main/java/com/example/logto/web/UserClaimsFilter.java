package com.example.logto.web;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code GET /api/logto/user}: the signed-in state as JSON, shaped like {@code @logto/next}'s {@code LogtoContext}.
 *
 * <pre>
 * {"isAuthenticated":false}                                    anonymous: 200, never a redirect, also for fetch()
 * {"isAuthenticated":true,"claims":{"sub":"...","roles":[..]}}  signed in: the ID token's claims
 *   ?fetchUserInfo=true   adds "userInfo" from Logto's userinfo endpoint
 *   ?getAccessToken=true  adds "accessToken" (sensitive: only for code that calls Logto as the user)
 *   ?getAccessToken=true&amp;resource=https://api.example.com
 *                         "accessToken" is a JWT for that API (one of LOGTO_RESOURCES; others get a 400)
 *   ?getOrganizationToken=&lt;orgId&gt;  adds "organizationToken" for one of the user's organizations
 * </pre>
 *
 * The path is not a protected resource, so an anonymous {@code fetch()} gets an answer it can read instead of a
 * cross-origin redirect to Logto. A filter answers, so no servlet is needed behind it. Mapped in the integration's
 * {@code web-fragment.xml} (to {@link LogtoConfig#USER_PATH}), after {@link SecurityHeadersFilter}.
 */
public class UserClaimsFilter extends HttpFilter {

    /** Looked up once: each {@code Json.createX()} call searches the class path for a provider (bench/README.md). */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(UserClaimsFilter.class.getName());

    @Inject
    private CurrentUser user;

    @Inject
    private ResourceTokenJson resourceToken;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JsonObjectBuilder json = JSON.createObjectBuilder().add("isAuthenticated", user.isSignedIn());
        if (user.isSignedIn()) {
            json.add("claims", user.claims());
            if ("true".equals(request.getParameter("fetchUserInfo"))) {
                try {
                    json.add("userInfo", user.userInfo());
                } catch (ProviderException e) {
                    LOG.warning("userinfo for /api/logto/user: " + e.getMessage());
                    response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
                    json.add("error", "userinfo_unavailable");
                }
            }
            if ("true".equals(request.getParameter("getAccessToken"))) {
                String resource = request.getParameter("resource");
                if (resource == null) {
                    json.add("accessToken", user.accessToken());
                } else {
                    resourceToken.add(json, response, resource);
                }
            }
            if (request.getParameter("getOrganizationToken") != null) {
                resourceToken.addOrganization(json, response, request.getParameter("getOrganizationToken"));
            }
        }
        response.getWriter().write(json.build().toString());
    }
}
