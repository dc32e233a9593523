<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- Sign-in problems: the servlets set problemTitle, problemMessage and offerSignIn. --%>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title><c:out value="${problemTitle}"/></title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card problem" role="alert">
        <h1 id="problem-title"><c:out value="${problemTitle}"/></h1>
        <p id="problem-message"><c:out value="${problemMessage}"/></p>
        <p class="actions">
            <c:if test="${offerSignIn}">
                <a id="retry" class="button" href="${pageContext.request.contextPath}/api/logto/sign-in">Try signing in again</a>
            </c:if>
            <a class="button secondary" href="${pageContext.request.contextPath}/">Go to the home page</a>
        </p>
    </section>
</main>
</body>
</html>
