package com.example.logto.web;

import com.example.logto.config.LogtoConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Browser-side protections on every response of the application, error pages included.
 *
 * <ul>
 * <li>{@code Content-Security-Policy}: the pages use only their own CSS and {@code static/home.js}, never inline
 *     script, so {@code 'self'} is all they need; an injected {@code <script>} cannot run. {@code form-action}
 *     also names Logto, because the sign-out form's answer is a redirect to Logto's end-session endpoint and
 *     browsers apply {@code form-action} to redirects after a submit (CSP 3, 6.3.1).</li>
 * <li>{@code frame-ancestors 'none'} and {@code X-Frame-Options: DENY} (older browsers): no clickjacking of the
 *     sign-out button.</li>
 * <li>{@code X-Content-Type-Options: nosniff}: the JSON of {@code /api/logto/user} is never run as script.</li>
 * <li>{@code Referrer-Policy: no-referrer}: the callback URL carries the authorization code and state.</li>
 * <li>{@code Cache-Control: no-store} on everything but {@code /static/}: pages show claims of whoever is
 *     signed in, and a shared cache or the back button must not show them to the next person.</li>
 * </ul>
 *
 * Mapped in the integration's {@code web-fragment.xml}, not by annotation, so that it runs before every other
 * filter (Servlet 6.0 8.2.3: only a descriptor orders filters), including {@link UserClaimsFilter}, which answers
 * without a chain.
 */
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    private LogtoConfig config;

    private String policy;

    @Override
    public void init() {
        URI logto = URI.create(config.getEndpoint());
        policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self' " + logto.getScheme() + "://" + logto.getRawAuthority() + "; "
                + "frame-ancestors 'none'; base-uri 'none'";
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (!request.getServletPath().startsWith("/static/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
