package com.example.logto.security.signin;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated request to start signing in: where to land afterwards and the Logto-specific authorization
 * parameters to pass through, exactly as {@code @logto/next} accepts them.
 *
 * <p>Each parameter is checked before it reaches Logto, because Logto parses its extra parameters with one
 * schema: a single bad value (say {@code first_screen=identifier:sign-in}) silently drops all of them
 * (docs/logto.md §5). {@code returnTo} must be a path on this site, so a crafted link cannot turn the sign-in
 * into an open redirect.
 *
 * <pre>
 * SignInRequest request = SignInRequest.parse(req::getParameter, false); // throws InvalidParameterException
 * </pre>
 */
public final class SignInRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Logto's {@code first_screen} values (packages/schemas/src/consts/oidc.ts, FirstScreen). */
    static final Set<String> FIRST_SCREENS = Set.of("sign_in", "register", "reset_password",
            "identifier:sign_in", "identifier:register", "single_sign_on");

    private static final Pattern DIRECT_SIGN_IN = Pattern.compile("(social|sso):[A-Za-z0-9._-]{1,128}");
    private static final Pattern UI_LOCALES = Pattern.compile(
            "[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*( [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*){0,9}");
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    private final String returnTo;
    private final Map<String, String> logtoParameters;
    private final String state;
    private final String nonce;
    private final String codeVerifier;

    private SignInRequest(String returnTo, Map<String, String> logtoParameters, String state, String nonce,
            String codeVerifier) {
        this.returnTo = returnTo;
        this.logtoParameters = Collections.unmodifiableMap(logtoParameters);
        this.state = state;
        this.nonce = nonce;
        this.codeVerifier = codeVerifier;
    }

    /** Thrown for a parameter that must not be passed on; the message is safe to show to the user. */
    public static final class InvalidParameterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidParameterException(String parameter, String expected) {
            super("The parameter \"" + parameter + "\" is not valid: " + expected + ".");
        }
    }

    /** Reads the parameters of {@code /api/logto/sign-in} (or {@code sign-up}, which opens the register screen). */
    public static SignInRequest parse(java.util.function.Function<String, String> parameters, boolean signUp) {
        Map<String, String> logto = new LinkedHashMap<>();
        String directSignIn = parameters.apply("direct_sign_in");
        if (directSignIn != null) {
            require("direct_sign_in", DIRECT_SIGN_IN.matcher(directSignIn).matches(),
                    "use social:<connector target> or sso:<connector id>");
            logto.put("direct_sign_in", directSignIn);
        }
        String firstScreen = parameters.apply("first_screen");
        if (firstScreen != null) {
            require("first_screen", FIRST_SCREENS.contains(firstScreen), "use one of " + String.join(", ",
                    new java.util.TreeSet<>(FIRST_SCREENS)));
            logto.put("first_screen", firstScreen);
        } else if (signUp) {
            logto.put("first_screen", "register");
        }
        String loginHint = parameters.apply("login_hint");
        if (loginHint != null) {
            require("login_hint", PRINTABLE.matcher(loginHint).matches(), "at most 256 printable characters");
            logto.put("login_hint", loginHint);
        }
        String uiLocales = parameters.apply("ui_locales");
        if (uiLocales != null) {
            require("ui_locales", UI_LOCALES.matcher(uiLocales).matches(),
                    "space separated language tags, e.g. \"de-CH en\"");
            logto.put("ui_locales", uiLocales);
        }
        return new SignInRequest(returnTo(parameters.apply("returnTo")), logto, null, null, null);
    }

    /** A sign-in that Soteria started for a protected page: it lands back on that page (GET only). */
    static SignInRequest returningTo(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        boolean safe = "GET".equals(request.getMethod()) && path.startsWith("/") && !path.startsWith("//");
        return new SignInRequest(safe ? path + (query == null ? "" : "?" + query) : null, Map.of(), null, null, null);
    }

    /**
     * A path on this site to land on after signing in, or {@code null} for the base URL. Anything that a
     * browser could resolve to another origin ({@code //host}, {@code /\host}, {@code https:...}) is refused.
     */
    static String returnTo(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        boolean safe = value.length() <= 2048 && value.startsWith("/") && !value.startsWith("//")
                && value.indexOf('\\') < 0 && value.chars().noneMatch(c -> c < 0x21 || c == 0x7F);
        if (safe) {
            try {
                URI uri = new URI(value);
                safe = uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath().startsWith("/");
            } catch (Exception e) {
                safe = false;
            }
        }
        require("returnTo", safe, "use a path on this site that starts with a single \"/\", e.g. /profile");
        return value;
    }

    private static void require(String parameter, boolean valid, String expected) {
        if (!valid) {
            throw new InvalidParameterException(parameter, expected);
        }
    }

    /** The path to land on after signing in, or {@code null} for the home page. */
    public String returnTo() {
        return returnTo;
    }

    /** Appends the Logto parameters to an authorization request URL. */
    String appendTo(String authorizationUrl) {
        StringBuilder url = new StringBuilder(authorizationUrl);
        logtoParameters.forEach((name, value) -> url.append(url.indexOf("?") < 0 ? '?' : '&')
                .append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        return url.toString();
    }

    public Map<String, String> logtoParameters() {
        return logtoParameters;
    }

    /**
     * This sign-in as it leaves for Logto with {@code authorizationUrl} and the PKCE {@code codeVerifier} of its
     * challenge: its {@code state} and {@code nonce}, which the callback must bring back ({@link CallbackSignIn}),
     * are read from the URL Soteria built.
     */
    SignInRequest sentAs(String authorizationUrl, String codeVerifier) {
        return new SignInRequest(returnTo, logtoParameters, AuthorizationUrl.parameter(authorizationUrl, "state"),
                AuthorizationUrl.parameter(authorizationUrl, "nonce"), codeVerifier);
    }

    /** The {@code state} of the authorization request, or {@code null} before it was sent. */
    String state() {
        return state;
    }

    /** The {@code nonce} of the authorization request, which the ID token must carry; {@code null} before sending. */
    String nonce() {
        return nonce;
    }

    /** The PKCE verifier the code exchange sends; {@code null} before the request was sent. */
    String codeVerifier() {
        return codeVerifier;
    }
}
