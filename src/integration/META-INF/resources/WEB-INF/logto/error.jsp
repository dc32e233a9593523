<%@ page contentType="text/html;charset=UTF-8" isErrorPage="true" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- The container's error page: the status and one sentence, never an exception or a stack trace. --%>
<c:set var="status" value="${requestScope['jakarta.servlet.error.status_code']}"/>
<c:choose>
    <c:when test="${status == 400}"><c:set var="title" value="Bad request"/><c:set var="text" value="The request could not be understood."/></c:when>
    <c:when test="${status == 401}"><c:set var="title" value="Please sign in"/><c:set var="text" value="This page needs a signed-in user."/></c:when>
    <c:when test="${status == 403}"><c:set var="title" value="Access denied"/><c:set var="text" value="Your account does not have the role this page needs."/></c:when>
    <c:when test="${status == 404}"><c:set var="title" value="Page not found"/><c:set var="text" value="There is nothing at this address."/></c:when>
    <c:when test="${status == 503}"><c:set var="title" value="Service unavailable"/><c:set var="text" value="Please try again in a moment."/></c:when>
    <c:otherwise><c:set var="title" value="Something went wrong"/><c:set var="text" value="The problem has been logged. Please try again."/></c:otherwise>
</c:choose>
<% response.setHeader("Cache-Control", "no-store"); %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title><c:out value="${title}"/></title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card problem" role="alert">
        <h1 id="problem-title"><c:out value="${title}"/></h1>
        <p id="problem-message"><c:out value="${text}"/></p>
        <p class="actions"><a class="button secondary" href="${pageContext.request.contextPath}/">Go to the home page</a></p>
    </section>
</main>
</body>
</html>
