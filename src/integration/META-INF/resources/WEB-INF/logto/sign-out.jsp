<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title>Sign out</title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card">
        <h1>Sign out?</h1>
        <p>You will be signed out of this application and of Logto.</p>
        <form method="post" action="${pageContext.request.contextPath}/api/logto/sign-out">
            <input type="hidden" name="csrf" value="<c:out value='${user.csrfToken}'/>">
            <button type="submit" id="confirm-sign-out" class="button">Sign out</button>
            <a class="button secondary" href="${pageContext.request.contextPath}/">Stay signed in</a>
        </form>
    </section>
</main>
</body>
</html>
