package com.example.logto.security.signin;

import com.example.logto.security.session.SignedInUser;
import com.example.logto.security.token.IdTokenGuard;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.Set;

/**
 * Keeps the container from hearing of a new sign-in until the project's own checks ({@link IdTokenGuard}) have
 * passed. Soteria reports the caller as soon as it has validated the tokens; undoing that afterwards works on
 * Payara but not on WildFly, whose Elytron keeps the identity it was given for the rest of the request. So the
 * report is held here and either {@link #release released} or dropped.
 *
 * <p>Soteria's request to register the caller with the session (Jakarta Authentication 3.8.4) is dropped for good:
 * the mechanism re-establishes the caller from the session's {@link SignedInUser} on every request, which works
 * on any member of a cluster, where a container's own registration may not be replicated.
 *
 * <pre>
 * HeldLogin held = new HeldLogin(context);
 * status = soteria.validateRequest(request, response, held);
 * return checksPass ? held.release(status) : context.doNothing();
 * </pre>
 */
final class HeldLogin extends HttpMessageContextWrapper {

    private CredentialValidationResult login;

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
        // not passed on: see the class comment
    }

    /** Whether Soteria signed someone in during this request (and is waiting for {@link #release}). */
    boolean holdsLogin() {
        return login != null;
    }

    /** The caller and groups Soteria validated; {@code null} unless {@link #holdsLogin()}. */
    CredentialValidationResult login() {
        return login;
    }

    /** Tells the container what Soteria wanted to tell it; returns {@code status} if nothing was held. */
    AuthenticationStatus release(AuthenticationStatus status) {
        if (login == null) {
            return status;
        }
        return super.notifyContainerAboutLogin(login);
    }
}
