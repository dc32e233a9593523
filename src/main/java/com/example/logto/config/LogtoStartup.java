package com.example.logto.config;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Checks the configuration when the application is deployed and sets the session cookie's flags.
 *
 * <p>Reading {@link LogtoConfig} here means a missing or malformed {@code LOGTO_*} setting fails the
 * deployment with one message naming the variable, instead of a 500 on the first sign-in. The session
 * cookie carries the signed-in state, so it is {@code HttpOnly}, and {@code Secure} when
 * {@code LOGTO_COOKIE_SECURE} is on. {@code SameSite} must stay {@code Lax}: the sign-in callback is a
 * cross-site top-level GET that has to carry the cookie (docs/logto.md §11.12); Payara sets it from
 * {@code WEB-INF/glassfish-web.xml}, other servers from the attribute set below.
 */
@WebListener
public class LogtoStartup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(LogtoStartup.class.getName());

    @Inject
    private LogtoConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            LOG.info(config.toString());
        } catch (RuntimeException e) {
            // CDI may wrap the exception thrown while creating the bean; report the setting, not the wrapper.
            Throwable cause = e;
            while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = "Logto sign-in is not configured: " + cause.getMessage();
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setSecure(config.isCookieSecure());
        cookie.setAttribute("SameSite", "Lax");
    }
}
