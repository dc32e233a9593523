package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderStore.AuthRequest;
import java.util.Map;

/**
 * The HTML the provider shows. The login page stands in for Logto's sign-in experience (there is no password:
 * any username signs in, with the roles typed next to it). The sign-out pages copy oidc-provider's markup
 * that Logto serves: the {@code op.logoutForm} auto-submitting form ({@code static/html/logout.html}) and the
 * "signed out" page ({@code static/html/post-logout/index.html}).
 *
 * <p>Login page element ids: {@code username}, {@code roles}, {@code organizations} and {@code organizations-note}
 * (only with {@link OrganizationsField}), {@code sign-in}, {@code cancel}, {@code error} (only after a rejected
 * submit) and {@code param-<name>} for each Logto extra parameter received.
 */
final class ProviderPages {

    /** What the login form holds: as typed, or the defaults on a fresh page. */
    record LoginForm(String username, String roles, String organizations) {
    }

    private static final String STYLE = """
            <style>
              body{font-family:system-ui,sans-serif;background:#f5f5f7;color:#1d1d1f;margin:0}
              main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:12px;
                   box-shadow:0 2px 12px rgba(0,0,0,.08)}
              h1{font-size:1.4rem;margin-top:0} label{display:block;margin:1rem 0 .3rem;font-weight:600}
              input{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #8e8e93;border-radius:8px;font:inherit}
              .actions{display:flex;gap:.75rem;margin-top:1.5rem}
              button{flex:1;padding:.65rem;border-radius:8px;border:1px solid #5d34f2;font:inherit;cursor:pointer}
              #sign-in{background:#5d34f2;color:#fff} #cancel{background:#fff;color:#5d34f2}
              .note{color:#555;font-size:.9rem} #error{color:#b00020;font-weight:600}
              ul{padding-left:1.2rem;font-size:.9rem}
            </style>""";

    private ProviderPages() {
    }

    /** The login page; {@code field} is the "Organizations" field, or null for none. */
    static String login(String uid, AuthRequest request, LoginForm form, OrganizationsField field, String error) {
        StringBuilder received = new StringBuilder();
        addParam(received, request, "first_screen", "First screen");
        addParam(received, request, "direct_sign_in", "Direct sign-in");
        addParam(received, request, "login_hint", "Login hint");
        addParam(received, request, "identifier", "Identifier");
        addParam(received, request, "interaction_mode", "Interaction mode");
        addParam(received, request, "organization_id", "Organization");
        addParam(received, request, "ui_locales", "UI locales");
        String params = received.isEmpty() ? "" : "<ul id=\"extra-params\">" + received + "</ul>";
        String problem = request.extraParamsProblem() == null ? ""
                : "<p class=\"note\" id=\"extra-params-ignored\">" + esc(request.extraParamsProblem()) + "</p>";
        String errorBlock = error == null ? "" : "<p id=\"error\" role=\"alert\">" + esc(error) + "</p>";
        String invalid = error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"error\"";
        return page("Sign in – Logto (development)", """
                <main>
                  <h1>Sign in</h1>
                  <p class="note">Logto-shaped development provider: any username signs in, no password.
                    Application <code>%s</code>, scopes <code>%s</code>.</p>
                  %s%s%s
                  <form method="post" action="/oidc/interaction/%s">
                    <label for="username">Username</label>
                    <input type="text" id="username" name="username" autocomplete="username" autofocus
                           aria-required="true" value="%s"%s>
                    <label for="roles">Roles (comma separated)</label>
                    <input type="text" id="roles" name="roles" value="%s" placeholder="e.g. admin, user">
                    %s<div class="actions">
                      <button type="submit" id="sign-in" name="action" value="sign-in">Sign in</button>
                      <button type="submit" id="cancel" name="action" value="cancel" formnovalidate>Cancel</button>
                    </div>
                  </form>
                </main>""".formatted(esc(request.client().clientId()), esc(String.join(" ", request.scopes())),
                params, problem, errorBlock, esc(uid), esc(form.username()), invalid, esc(form.roles()),
                organizationsField(form, field)));
    }

    private static String organizationsField(LoginForm form, OrganizationsField field) {
        if (field == null) {
            return "";
        }
        return """
                <label for="organizations">Organizations (id: roles; …)</label>
                    <input type="text" id="organizations" name="organizations" value="%s"
                           aria-describedby="organizations-note">
                    <p class="note" id="organizations-note">%s</p>
                    """.formatted(esc(form.organizations()), esc(field.explanation()));
    }

    static String interactionNotFound() {
        return page("Sign-in request expired – Logto (development)", """
                <main>
                  <h1>This sign-in request has expired</h1>
                  <p id="error" role="alert">The sign-in request is unknown or older than one hour.
                    Go back to the application and sign in again.</p>
                </main>""");
    }

    /** oidc-provider's {@code op.logoutForm}, posted at once; Logto always sends {@code logout=yes}. */
    static String logout(String xsrf) {
        return page("Sign Out", """
                <form id="op.logoutForm" method="post" action="/oidc/session/end/confirm">
                  <input type="hidden" name="xsrf" value="%s"/>
                  <input type="hidden" name="logout" value="yes"/>
                  <noscript><p>JavaScript is off.</p><button type="submit" autofocus>Sign out</button></noscript>
                </form>
                <script>document.getElementById('op.logoutForm').submit();</script>""".formatted(esc(xsrf)));
    }

    static String logoutSuccess() {
        return page("Sign Out", """
                <main>
                  <h1>You are signed out</h1>
                  <p id="message">You have successfully signed out.</p>
                </main>""");
    }

    /** {@code response_mode=form_post}: oidc-provider's {@code response_modes/form_post.js}. */
    static String formPost(String action, Map<String, String> params) {
        StringBuilder inputs = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null) {
                inputs.append("<input type=\"hidden\" name=\"").append(esc(name)).append("\" value=\"")
                        .append(esc(value)).append("\"/>\n");
            }
        });
        return page("Submitting Callback", """
                <form method="post" action="%s">
                %s<noscript><button type="submit" autofocus>Continue</button></noscript>
                </form>
                <script>document.forms[0].submit();</script>""".formatted(esc(action), inputs));
    }

    static String esc(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void addParam(StringBuilder out, AuthRequest request, String name, String label) {
        String value = request.extraParams().get(name);
        if (value != null) {
            out.append("<li id=\"param-").append(name).append("\">").append(label).append(": ")
                    .append(esc(value)).append("</li>");
        }
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s</title>
                %s
                </head>
                <body>
                %s
                </body>
                </html>
                """.formatted(esc(title), STYLE, body);
    }
}
