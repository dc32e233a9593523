package com.example.logto.provision;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The provisioning command's settings, from the environment, each checked; {@link #problems} says what to set.
 * {@code LOGTO_ENDPOINT}, {@code LOGTO_M2M_APP_ID}, {@code LOGTO_M2M_APP_SECRET} are required;
 * {@code LOGTO_BASE_URL} defaults to {@code http://localhost:8080} (as in the sample), {@code LOGTO_APP_NAME} to
 * {@code Logto Jakarta sample}, {@code LOGTO_MANAGEMENT_API_RESOURCE} to the indicator for the endpoint.
 */
final class ProvisionSettings {

    final List<String> problems = new ArrayList<>();
    final String endpoint;
    final String baseUrl;
    final String m2mId;
    final String m2mSecret;
    final String appName;
    final String resource;

    ProvisionSettings(Function<String, String> env) {
        endpoint = url(env, "LOGTO_ENDPOINT", null, "your tenant's endpoint, e.g. https://your-tenant.logto.app");
        baseUrl = url(env, "LOGTO_BASE_URL", "http://localhost:8080", "the public URL of the sample");
        m2mId = required(env, "LOGTO_M2M_APP_ID");
        m2mSecret = required(env, "LOGTO_M2M_APP_SECRET");
        appName = value(env, "LOGTO_APP_NAME", "Logto Jakarta sample");
        resource = value(env, "LOGTO_MANAGEMENT_API_RESOURCE",
                endpoint == null ? null : ManagementApi.resourceFor(URI.create(endpoint)));
    }

    private String required(Function<String, String> env, String name) {
        String value = value(env, name, null);
        if (value == null) {
            problems.add(name + " is not set: " + (name.endsWith("_ID") ? "create a Machine-to-machine app in the "
                    + "Logto Console with the role \"Logto Management API access\" and copy its App ID"
                    : "copy an App secret of that Machine-to-machine app"));
        }
        return value;
    }

    private String url(Function<String, String> env, String name, String fallback, String hint) {
        String value = value(env, name, fallback);
        URI uri = null;
        try {
            uri = value == null ? null : new URI(value);
        } catch (Exception e) {
            // reported below
        }
        if (uri == null || uri.getHost() == null || uri.getRawQuery() != null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            problems.add(name + (value == null ? " is not set" : " is not an http(s) URL: \"" + value + "\"")
                    + ": set it to " + hint);
            return null;
        }
        return value.replaceAll("/+$", "");
    }

    private static String value(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
