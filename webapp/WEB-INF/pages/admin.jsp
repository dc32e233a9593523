<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<% response.setHeader("Cache-Control", "no-store"); %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title>Admin · Logto sign-in for Jakarta EE</title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card">
        <h1 id="admin-title">Admin</h1>
        <p>Only users with the Logto role <code>admin</code> see this page.
            You are <strong><c:out value="${user.subject}"/></strong>.</p>
        <p class="hint">Roles come from the <code>roles</code> claim of the ID token
            (request the <code>roles</code> scope; assign roles in the Logto Console under User management).</p>
    </section>
</main>
</body>
</html>
