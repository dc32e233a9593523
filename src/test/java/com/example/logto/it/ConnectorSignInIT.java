package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample with {@code LOGTO_OIDC_CONNECTOR_TARGET=acme-sso} and {@code LOGTO_OIDC_CONNECTOR_NAME=Acme SSO} (as
 * {@code ./provision} writes them): the "Continue with" button starts a direct sign-in at that connector, and the
 * profile shows the linked account. The settings go into the WAR's {@code microprofile-config.properties}, since
 * this Payara Micro (one per IT class) shares its command line with the other tests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectorSignInIT {

    private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";
    private static final Pattern BUTTON = Pattern.compile(
            "<a id=\"continue-with\"[^>]*href=\"([^\"]+)\">Continue with Acme SSO</a>");

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        WebArchive war = SampleApp.war();
        war.delete(CONFIG);
        return war.add(new StringAsset("logto.scopes=email roles\nlogto.oidc-connector-target=acme-sso\n"
                + "logto.oidc-connector-name=Acme SSO\n"), CONFIG);
    }

    @BeforeEach
    void forgetRequests() {
        provider.clearRequests();
    }

    private String button() {
        Matcher button = BUTTON.matcher(user.get(SampleApp.url("/")).body());
        assertTrue(button.find(), "the home page must offer Continue with Acme SSO");
        return button.group(1);
    }

    @Test
    void homePageOffersContinueWithTheConnector() {
        assertEquals("/api/logto/sign-in?direct_sign_in=social:acme-sso", button());
    }

    @Test
    void continueWithStartsADirectSignInAtTheConnector() {
        HttpResponse<String> redirect = user.get(SampleApp.url(button()));
        user.follow(redirect);

        Map<String, List<String>> sent = provider.requests("/oidc/auth").get(0).params();
        assertAll(
                () -> assertEquals(302, redirect.statusCode()),
                () -> assertTrue(HttpUser.location(redirect).startsWith(provider.issuer() + "/auth?"),
                        HttpUser.location(redirect)),
                () -> assertEquals(List.of("social:acme-sso"), sent.get("direct_sign_in")),
                () -> assertTrue(java.util.List.of(sent.get("scope").get(0).split(" ")).contains("identities"),
                        sent.get("scope").toString()));
    }

    @Test
    void profileShowsTheAccountLinkedThroughTheConnector() {
        HttpResponse<String> loginPage = user.follow(user.get(SampleApp.url(button() + "&returnTo=/profile")));
        HttpResponse<String> profile = user.follow(user.submitLogin(loginPage, "gina", ""));

        assertEquals(URI.create(SampleApp.url("/profile")), profile.uri());
        assertTrue(Pattern.compile("<table id=\"identities\">.*<th scope=\"row\">acme-sso</th><td>upstream-gina</td>",
                Pattern.DOTALL).matcher(profile.body()).find(), profile.body());
    }
}
