package com.example.logto.provision;

import com.example.logto.provision.ConnectorFile.Problem;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field checks shared by the connector file's rules: each reports its own {@link Problem} (JSON path, and what to
 * write instead) into the shared list and returns the value when it is usable, so one pass finds every problem.
 */
abstract class JsonChecks {

    private static final Pattern TIME_SPAN = Pattern.compile(
            "[+-]?\\d+(\\.\\d+)? ?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days"
                    + "|w|week|weeks|y|yr|yrs|year|years)( ago| from now)?"); // jose secs()

    final List<Problem> problems;

    JsonChecks(List<Problem> problems) {
        this.problems = problems;
    }

    void known(JsonObject object, String path, Set<String> fields) {
        for (String key : object.keySet()) {
            if (!fields.contains(key) && !key.equals("_comment")) {
                String hint = path.endsWith("authRequestOptionalConfig") ? "; put other request parameters in "
                        + "config.customConfig" : "";
                add(path + "." + key, "is not a field here, and Logto would silently drop it: check the spelling "
                        + "(allowed: " + String.join(", ", fields.stream().sorted().toList()) + ")" + hint);
            }
        }
    }

    JsonObject object(JsonObject parent, String path, String key, boolean required) {
        JsonValue value = present(parent, path, key, required, "an object {...}");
        if (value == null) {
            return null;
        }
        if (value.getValueType() != ValueType.OBJECT) {
            add(path + "." + key, "must be an object {...}, not " + value.getValueType().name().toLowerCase());
            return null;
        }
        return value.asJsonObject();
    }

    String string(JsonObject parent, String path, String key, boolean required) {
        JsonValue value = present(parent, path, key, required, "a non-empty string");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString s)) {
            add(path + "." + key, "must be a string: write \"" + unquoted(value) + "\"");
            return null;
        }
        if (s.getString().isBlank()) {
            add(path + "." + key, "is empty: fill it in, or remove it" + (required ? " (it is required)" : ""));
            return null;
        }
        return s.getString();
    }

    /** The value, or null; a missing required key is a problem ("add it as ..."). */
    private JsonValue present(JsonObject parent, String path, String key, boolean required, String shape) {
        JsonValue value = parent.get(key);
        if (value == null && required) {
            add(path + "." + key, "is missing: add it as " + shape);
        }
        return value;
    }

    void url(JsonObject parent, String path, String key, boolean required) {
        String value = string(parent, path, key, required);
        if (value == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getRawFragment() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            add(path + "." + key, "is not an absolute http(s) URL without #fragment: write e.g. "
                    + "\"https://accounts.example.com/...\"");
        } else if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            add(path + "." + key, "uses http: write \"https" + value.substring(4) + "\" (http only for localhost)");
        }
    }

    void bool(JsonObject parent, String path, String key) {
        JsonValue value = parent.get(key);
        if (value != null && value.getValueType() != ValueType.TRUE && value.getValueType() != ValueType.FALSE) {
            add(path + "." + key, "must be true or false (without quotes)");
        }
    }

    void literal(JsonObject parent, String path, String key, String only) {
        if (parent.containsKey(key) && !(parent.get(key) instanceof JsonString s && s.getString().equals(only))) {
            add(path + "." + key, "can only be \"" + only + "\": remove it");
        }
    }

    String oneOf(JsonObject parent, String path, String key, List<String> allowed) {
        if (!parent.containsKey(key)) {
            return allowed.get(0);
        }
        if (parent.get(key) instanceof JsonString s && allowed.contains(s.getString())) {
            return s.getString();
        }
        add(path + "." + key, "must be one of " + String.join(", ", allowed.stream().map(a -> "\"" + a + "\"")
                .toList()) + " (default " + allowed.get(0) + ")");
        return null;
    }

    void stringOrStrings(JsonObject parent, String path, String key, String example) {
        JsonValue value = parent.get(key);
        boolean ok = value instanceof JsonString s && !s.getString().isBlank()
                || value.getValueType() == ValueType.ARRAY && !value.asJsonArray().isEmpty()
                && value.asJsonArray().stream().allMatch(v -> v instanceof JsonString s && !s.getString().isBlank());
        if (!ok) {
            add(path + "." + key, "must be a string or an array of strings: " + example);
        }
    }

    void timeSpan(JsonObject parent, String path, String key) {
        JsonValue value = parent.get(key);
        if (value == null || value instanceof JsonNumber n && n.doubleValue() >= 0
                || value instanceof JsonString s && TIME_SPAN.matcher(s.getString().trim()).matches()) {
            return;
        }
        add(path + "." + key, "must be seconds (a number >= 0) or a time span like \"30s\" or \"5 minutes\"");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    static String unquoted(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    void add(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
