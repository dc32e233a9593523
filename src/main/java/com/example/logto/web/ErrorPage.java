package com.example.logto.web;

import com.example.logto.security.signin.SignInFailure;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Renders {@code /WEB-INF/logto/problem.jsp}: a status, a short title, what happened, and a way to go on. */
final class ErrorPage {

    private ErrorPage() {
    }

    static void show(HttpServletRequest request, HttpServletResponse response, SignInFailure failure)
            throws ServletException, IOException {
        show(request, response, failure.status(), failure.title(), failure.message(), true);
    }

    static void show(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String message, boolean offerSignIn) throws ServletException, IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        request.setAttribute("problemTitle", title);
        request.setAttribute("problemMessage", message);
        request.setAttribute("offerSignIn", offerSignIn);
        request.getRequestDispatcher("/WEB-INF/logto/problem.jsp").forward(request, response);
    }
}
