package com.example.logto.account;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Account API's answers in the shapes Logto 1.37.0 sends, read into values. */
class AccountAnswersTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void readsTheLinkedIdentitiesWithNameAndEmailWhenPresent() throws Exception {
        AccountProfile profile = AccountAnswers.profile(json("{'id':'u1','identities':{"
                + "'acme':{'userId':'up-7','details':{'id':'up-7','name':'Ute','email':'ute@acme.example',"
                + "'rawData':{'sub':'up-7'}}},'github':{'userId':'42','details':{'id':'42'}}},"
                + "'hasPassword':true,'createdAt':1,'isSuspended':false}"));

        assertAll(
                () -> assertTrue(profile.identitiesListed()),
                () -> assertEquals(List.of(new LinkedIdentity("acme", "up-7", "Ute", "ute@acme.example"),
                        new LinkedIdentity("github", "42", null, null)), profile.identities()),
                () -> assertEquals(Optional.of(true), profile.hasPassword()));
    }

    @Test
    void aProfileWithoutIdentitiesSaysTheyWereNotListed() throws Exception {
        AccountProfile profile = AccountAnswers.profile(json("{'id':'u1','createdAt':1}"));

        assertFalse(profile.identitiesListed());
        assertEquals(Optional.empty(), profile.hasPassword());
    }

    @Test
    void theOnlyIdentityOfAUserWithoutPasswordIsTheLastSignInMethod() throws Exception {
        String acme = "'acme':{'userId':'up-7','details':{'id':'up-7'}}";
        assertAll(
                () -> assertEquals(AccountProfile.OtherSignIn.NO, AccountAnswers.profile(json(
                        "{'id':'u','identities':{" + acme + "},'hasPassword':false}")).otherSignInThan("acme")),
                () -> assertEquals(AccountProfile.OtherSignIn.UNKNOWN, AccountAnswers.profile(json(
                        "{'id':'u','identities':{" + acme + "}}")).otherSignInThan("acme")),
                () -> assertEquals(AccountProfile.OtherSignIn.YES, AccountAnswers.profile(json(
                        "{'id':'u','identities':{" + acme + "},'hasPassword':true}")).otherSignInThan("acme")),
                () -> assertEquals(AccountProfile.OtherSignIn.YES, AccountAnswers.profile(json(
                        "{'id':'u','identities':{" + acme + "},'primaryEmail':'a@b.c'}")).otherSignInThan("acme")),
                () -> assertEquals(AccountProfile.OtherSignIn.YES, AccountAnswers.profile(json(
                        "{'id':'u','identities':{" + acme + ",'gh':{'userId':'1'}},'hasPassword':false}"))
                        .otherSignInThan("acme")));
    }

    @Test
    void readsThePasswordVerificationWithItsExpiry() throws Exception {
        StepUp stepUp = AccountAnswers.verification(json(
                "{'verificationRecordId':'rec-1','expiresAt':'2026-12-06T19:10:00.000Z'}"));

        assertEquals(new StepUp("rec-1", Instant.parse("2026-12-06T19:10:00Z")), stepUp);
        assertTrue(stepUp.validAt(Instant.parse("2026-12-06T19:09:59Z")));
        assertFalse(stepUp.validAt(Instant.parse("2026-12-06T19:10:00Z")), "never extended past expiresAt");
    }

    @Test
    void theProviderTokenIsUsedUntilShortlyBeforeExpiresIn() throws Exception {
        Instant now = Instant.parse("2026-12-06T19:00:00Z");
        ProviderToken token = AccountAnswers.providerToken(json(
                "{'access_token':'at-1','token_type':'bearer','scope':'openid','expires_in':3599}"), now, 300);
        ProviderToken noExpiry = AccountAnswers.providerToken(json("{'access_token':'at-2'}"), now, 300); // capped

        assertAll(
                () -> assertEquals(new ProviderToken("at-1", "bearer", now.plusSeconds(3569)), token,
                        "until expires_in, 30 s early"),
                () -> assertEquals(new ProviderToken("at-2", "Bearer", now.plusSeconds(270)), noExpiry),
                () -> assertFalse(token.toString().contains("at-1"), "the token is never printed"),
                () -> assertEquals(now.plusSeconds(10), AccountAnswers.providerToken(json(
                        "{'access_token':'at-3','expires_in':20}"), now, 300).refreshAfter()));
    }

    @Test
    void readsTheSocialStart() throws Exception {
        AccountAnswers.SocialStart start = AccountAnswers.socialStart(json("{'verificationRecordId':'s1',"
                + "'authorizationUri':'https://sso.acme.example/auth?state=x','expiresAt':'2026-12-06T19:10:00Z'}"));

        assertEquals("https://sso.acme.example/auth?state=x", start.authorizationUri());
        AccountApiException e = assertThrows(AccountApiException.class, () -> AccountAnswers.socialStart(json(
                "{'verificationRecordId':'s1','authorizationUri':'javascript:alert(1)'}")));
        assertEquals(AccountAnswers.INVALID, e.code());
    }

    @Test
    void logtoErrorsKeepTheirCodeAndMalformedAnswersBecomeInvalidResponse() {
        AccountApiException refused = AccountAnswers.error(422, json(
                "{'code':'user.identity_already_in_use','message':'This social identity is already in use.'}"));

        assertAll(
                () -> assertEquals(422, refused.status()),
                () -> assertEquals("user.identity_already_in_use", refused.code()),
                () -> assertEquals("http_502", AccountAnswers.error(502, json("{}")).code()),
                () -> assertEquals(AccountAnswers.INVALID, assertThrows(AccountApiException.class,
                        () -> AccountAnswers.verification(json("{'verificationRecordId':'r','expiresAt':'soon'}")))
                        .code()),
                () -> assertEquals(AccountAnswers.INVALID, assertThrows(AccountApiException.class,
                        () -> AccountAnswers.profile(json("{'identities':{}}"))).code()));
    }
}
