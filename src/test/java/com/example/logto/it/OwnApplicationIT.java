package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import java.io.File;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A team's own WAR, as README "Add Logto to your own application" builds it: the integration artifact
 * ({@code target/logto-jakarta-integration.jar}) and its libraries, Nimbus JOSE+JWT and Bouncy Castle's provider (what
 * Maven brings with the dependency), one JSP of the team's own and a {@code web.xml} protecting it. Nothing else of the sample: no
 * class, page, fragment or server descriptor. The Logto settings are the server's, as for the sample.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnApplicationIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

    private static final String PAGE = """
            <%@ page contentType="text/html;charset=UTF-8" %>
            <!doctype html>
            <title>Orders</title>
            <p id="who">Orders of ${user.subject}</p>
            """;

    private static final String WEB_XML = """
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                <security-constraint>
                    <web-resource-collection>
                        <web-resource-name>orders</web-resource-name>
                        <url-pattern>/orders.jsp</url-pattern>
                    </web-resource-collection>
                    <auth-constraint>
                        <role-name>**</role-name>
                    </auth-constraint>
                </security-constraint>
            </web-app>
            """;

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        SampleApp.provider(); // up before the app's first request
        return ShrinkWrap.create(WebArchive.class, "ROOT.war")
                .addAsLibraries(new File("target/logto-jakarta-integration.jar"),
                        new File(System.getProperty("it.nimbus.jar")), new File(System.getProperty("it.bouncycastle.jar")))
                .add(new StringAsset(PAGE), "orders.jsp")
                .setWebXML(new StringAsset(WEB_XML));
    }

    @Test
    void protectedPageSignsInThroughLogtoAndShowsTheUser() {
        HttpResponse<String> challenge = user.get(SampleApp.url("/orders.jsp"));
        HttpResponse<String> page = user.follow(user.submitLogin(user.follow(challenge), "olga", ""));

        assertAll(
                () -> assertTrue(HttpUser.location(challenge).startsWith(provider.issuer() + "/auth?"),
                        HttpUser.location(challenge)),
                () -> assertEquals(SampleApp.url("/orders.jsp"), page.uri().toString()),
                () -> assertEquals(200, page.statusCode()),
                () -> assertTrue(page.body().contains("<p id=\"who\">Orders of " + provider.subjectFor("olga") + "</p>"),
                        page.body()),
                () -> assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"),
                        "the integration's security headers filter"));
    }

    @Test
    void userJsonCarriesTheClaimsOfTheSignedInUser() {
        String anonymous = user.get(SampleApp.url("/api/logto/user")).body();
        user.signIn("pablo", "editor");

        String json = user.get(SampleApp.url("/api/logto/user")).body();

        assertAll(
                () -> assertEquals("{\"isAuthenticated\":false}", anonymous),
                () -> assertTrue(json.contains("\"isAuthenticated\":true"), json),
                () -> assertTrue(json.contains("\"sub\":\"" + provider.subjectFor("pablo") + "\""), json),
                () -> assertTrue(json.contains("\"roles\":[\"editor\"]"), json));
    }

    @Test
    void signOutConfirmedOnTheArtifactsPageEndsTheLogtoSession() {
        user.signIn("quinn", "");
        HttpResponse<String> confirm = user.get(SampleApp.url("/api/logto/sign-out"));
        Matcher csrf = CSRF.matcher(confirm.body());
        assertTrue(csrf.find(), "the sign-out confirmation page of the artifact:\n" + confirm.body());

        HttpResponse<String> signOut = user.post(SampleApp.url("/api/logto/sign-out"), Map.of("csrf", csrf.group(1)));
        Matcher xsrf = XSRF.matcher(user.follow(signOut).body()); // Logto's auto-submitting logout form
        assertTrue(xsrf.find(), "Logto's logout form");
        // Not followed: this WAR has no page at "/", the post-sign-out URI; Logto sending the browser there is the point.
        HttpResponse<String> back = user.post(provider.issuer() + "/session/end/confirm",
                Map.of("xsrf", xsrf.group(1), "logout", "yes"));
        for (int hops = 0; HttpUser.isRedirect(back) && !HttpUser.location(back).startsWith(SampleApp.BASE_URL) && hops < 5; hops++) {
            back = user.get(back.uri().resolve(HttpUser.location(back)).toString());
        }
        HttpResponse<String> landing = back;
        HttpResponse<String> pageAgain = user.get(SampleApp.url("/orders.jsp"));

        assertAll(
                () -> assertEquals(200, confirm.statusCode()),
                () -> assertEquals(303, signOut.statusCode()),
                () -> assertTrue(HttpUser.location(signOut).startsWith(provider.issuer() + "/session/end"),
                        HttpUser.location(signOut)),
                () -> assertEquals(SampleApp.url("/"), HttpUser.location(landing)),
                () -> assertEquals("{\"isAuthenticated\":false}", user.get(SampleApp.url("/api/logto/user")).body()),
                () -> assertTrue(HttpUser.location(pageAgain).startsWith(provider.issuer() + "/auth?"),
                        "the page asks for a new sign-in: " + pageAgain.statusCode()));
    }

    @Test
    void unknownPathGetsTheArtifactsErrorPageWithoutInternals() {
        HttpResponse<String> missing = user.get(SampleApp.url("/no-such-page"));

        assertAll(
                () -> assertEquals(404, missing.statusCode()),
                () -> assertTrue(missing.body().contains("<h1 id=\"problem-title\">Page not found</h1>"), missing.body()),
                () -> assertTrue(missing.headers().firstValue("Cache-Control").orElse("").contains("no-store")));
    }
}
