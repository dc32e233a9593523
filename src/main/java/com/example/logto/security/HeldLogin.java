package com.example.logto.security;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.Set;

/**
 * Keeps the container from hearing of a new sign-in until the project's own checks ({@link IdTokenGuard}) have
 * passed. Soteria reports the caller as soon as it has validated the tokens; undoing that afterwards works on
 * Payara but not on WildFly, whose Elytron keeps the identity it was given for the rest of the request. So the
 * report and the session registration are held here and either {@link #release() released} or dropped.
 *
 * <pre>
 * HeldLogin held = new HeldLogin(context);
 * status = soteria.validateRequest(request, response, held);
 * return checksPass ? held.release(status) : context.doNothing();
 * </pre>
 */
final class HeldLogin extends HttpMessageContextWrapper {

    private CredentialValidationResult login;
    private String registeredName;
    private Set<String> registeredGroups;

    HeldLogin(HttpMessageContext context) {
        super(context);
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult result) {
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return super.notifyContainerAboutLogin(result);
        }
        login = result;
        return AuthenticationStatus.SUCCESS;
    }

    @Override
    public void setRegisterSession(String callerName, Set<String> groups) {
        registeredName = callerName;
        registeredGroups = groups;
    }

    /** Whether Soteria signed someone in during this request (and is waiting for {@link #release}). */
    boolean holdsLogin() {
        return login != null;
    }

    /** Tells the container what Soteria wanted to tell it; returns {@code status} if nothing was held. */
    AuthenticationStatus release(AuthenticationStatus status) {
        if (login == null) {
            return status;
        }
        if (registeredName != null) {
            super.setRegisterSession(registeredName, registeredGroups);
        }
        return super.notifyContainerAboutLogin(login);
    }
}
