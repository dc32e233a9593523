<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- Account page refusals (Refusal): what happened, what to do next, and a button to go on. --%>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title><c:out value="${refusalTitle}"/> · Logto sign-in for Jakarta EE</title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card problem" role="alert">
        <h1 id="problem-title"><c:out value="${refusalTitle}"/></h1>
        <p id="problem-message"><c:out value="${refusalMessage}"/></p>
        <p id="problem-next"><strong>What to do:</strong> <c:out value="${refusalNext}"/></p>
        <p class="actions">
            <a id="problem-action" class="button" href="${pageContext.request.contextPath}${refusalActionPath}"><c:out value="${refusalActionLabel}"/></a>
            <a class="button secondary" href="${pageContext.request.contextPath}/">Go to the home page</a>
        </p>
    </section>
</main>
</body>
</html>
