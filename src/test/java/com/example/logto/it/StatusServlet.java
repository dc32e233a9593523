package com.example.logto.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test only, added to the WAR by {@link HardeningIT}: {@code /it/status?code=503} answers that status through the
 * container's error page, {@code code=throw} fails with an exception whose message must never be shown.
 */
@WebServlet("/it/status")
public class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String INTERNAL_DETAIL = "jdbc:postgresql://db.internal/users password=hunter2";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String code = request.getParameter("code");
        if ("throw".equals(code)) {
            throw new IllegalStateException("Cannot reach " + INTERNAL_DETAIL);
        }
        response.sendError(Integer.parseInt(code), INTERNAL_DETAIL);
    }
}
