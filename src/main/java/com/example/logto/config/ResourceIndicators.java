package com.example.logto.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a list of API resource indicators (RFC 8707 2: an absolute URI without a fragment), as Logto's API
 * resources are named in the Console, e.g. {@code https://api.example.com/orders}.
 */
final class ResourceIndicators {

    private ResourceIndicators() {
    }

    /** Space or comma separated indicators, each checked; duplicates dropped, order kept. */
    static List<String> parse(String variable, String value) {
        List<String> indicators = new ArrayList<>();
        for (String token : value.trim().split("[\\s,]+")) {
            if (token.isEmpty() || indicators.contains(token)) {
                continue;
            }
            boolean valid;
            try {
                URI uri = new URI(token);
                valid = uri.isAbsolute() && uri.getRawFragment() == null;
            } catch (URISyntaxException e) {
                valid = false;
            }
            if (!valid) {
                throw new IllegalStateException(variable + " has an invalid API indicator \"" + token
                        + "\": copy the API Identifier from Logto Console > API resources, an absolute URI such as"
                        + " https://api.example.com (no fragment).");
            }
            indicators.add(token);
        }
        return List.copyOf(indicators);
    }
}
