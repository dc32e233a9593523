package com.example.logto.security;

import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Tells the container who the signed-in caller is once per request, even when Soteria refreshes the tokens.
 *
 * <p>For a signed-in caller Soteria first re-asserts the session's caller through the raw callback handler, and,
 * when the tokens are due, refreshes them and reports the caller again with {@code notifyContainerAboutLogin},
 * all in one request. Payara accepts both. WildFly's Elytron, with integrated JASPI off, takes the first as an
 * ad-hoc identity and the second as a switch to a "run as" identity that its realm must know; Logto's users are
 * not in WildFly's realm, so the refresh ends in a 500 ({@code ELY01088: Attempting to run as ... authorization
 * operation failed}). This wrapper holds the re-assertion back and passes it on only when no login was reported,
 * so the container hears of exactly one caller on every server.
 *
 * <pre>
 * OneCallerPerRequest once = new OneCallerPerRequest(context);
 * return once.finish(soteria.validateRequest(request, response, once));
 * </pre>
 */
final class OneCallerPerRequest extends HttpMessageContextWrapper {

    private Callback[] heldBack;
    private boolean loginReported;

    OneCallerPerRequest(HttpMessageContext context) {
        super(context);
    }

    @Override
    public CallbackHandler getHandler() {
        CallbackHandler container = super.getHandler();
        return callbacks -> {
            if (heldBack == null && !loginReported) {
                heldBack = callbacks;
            } else {
                container.handle(callbacks);
            }
        };
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(Principal principal, Set<String> groups) {
        loginReported = true;
        return super.notifyContainerAboutLogin(principal, groups);
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult result) {
        loginReported = true;
        return super.notifyContainerAboutLogin(result);
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(String callerName, Set<String> groups) {
        loginReported = true;
        return super.notifyContainerAboutLogin(callerName, groups);
    }

    /** Passes the held-back re-assertion on if the request succeeded without a new login; returns {@code status}. */
    AuthenticationStatus finish(AuthenticationStatus status) throws AuthenticationException {
        if (heldBack != null && !loginReported && status == AuthenticationStatus.SUCCESS) {
            try {
                super.getHandler().handle(heldBack);
            } catch (IOException | UnsupportedCallbackException e) {
                throw new AuthenticationException("The container refused the signed-in caller", e);
            }
        }
        return status;
    }
}
