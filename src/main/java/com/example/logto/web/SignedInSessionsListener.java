package com.example.logto.web;

import com.example.logto.security.session.SignedInSessions;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** Keeps {@link SignedInSessions} free of ended sessions (sign-out, timeout, back-channel logout). */
@WebListener
public class SignedInSessionsListener implements HttpSessionListener {

    @Inject
    private SignedInSessions sessions;

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        sessions.forget(event.getSession());
    }
}
