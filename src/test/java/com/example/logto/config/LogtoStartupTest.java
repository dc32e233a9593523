package com.example.logto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.SessionCookieConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The session cookie's flags as {@link LogtoStartup} sets them at deployment, per setting. */
class LogtoStartupTest {

    @ParameterizedTest
    @CsvSource({
        "http://localhost:8080,      '',    false",
        "https://app.example.com,    '',    true",
        "http://localhost:8080,      true,  true",
        "https://app.example.com,    false, false"})
    void sessionCookieIsHttpOnlyLaxAndSecureWhenConfigured(String baseUrl, String cookieSecure, boolean secure)
            throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("logto.endpoint", "https://tenant.logto.app",
                "logto.app-id", "abc", "logto.app-secret", "s3cret", "logto.base-url", baseUrl,
                "logto.cookie-secure", cookieSecure));
        LogtoConfig config = new LogtoConfig();
        config.load(name -> Optional.ofNullable(settings.get(name)));
        LogtoStartup startup = new LogtoStartup();
        Field field = LogtoStartup.class.getDeclaredField("config");
        field.setAccessible(true);
        field.set(startup, config);
        Map<String, Object> cookie = new TreeMap<>();

        startup.contextInitialized(new ServletContextEvent(context(cookie)));

        assertEquals(Map.of("HttpOnly", true, "SameSite", "Lax", "Secure", secure), cookie);
    }

    /** A servlet context whose session cookie config records what is set on it. */
    private static ServletContext context(Map<String, Object> recorded) {
        SessionCookieConfig cookie = (SessionCookieConfig) Proxy.newProxyInstance(
                SessionCookieConfig.class.getClassLoader(), new Class<?>[] {SessionCookieConfig.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setHttpOnly" -> recorded.put("HttpOnly", args[0]);
                        case "setSecure" -> recorded.put("Secure", args[0]);
                        case "setAttribute" -> recorded.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getSessionCookieConfig")) {
                        return cookie;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
