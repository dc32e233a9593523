<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<% response.setHeader("Cache-Control", "no-store"); %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title>Your profile · Logto sign-in for Jakarta EE</title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card">
        <h1>Your profile</h1>
        <p>Signed in as <strong id="subject"><c:out value="${user.subject}"/></strong>.</p>
    </section>
    <section class="card">
        <h2>ID token claims</h2>
        <table id="claims">
            <thead><tr><th scope="col">Claim</th><th scope="col">Value</th></tr></thead>
            <tbody>
            <c:forEach var="claim" items="${user.claims}">
                <tr><th scope="row"><c:out value="${claim.key}"/></th><td><c:out value="${claim.value}"/></td></tr>
            </c:forEach>
            </tbody>
        </table>
    </section>
    <c:if test="${not empty logtoConfig.oidcConnectorTarget}">
        <section class="card">
            <h2>Linked accounts</h2>
            <%-- userinfo's identities claim (scope identities): {<connector target>: {userId, details}} --%>
            <c:set var="identities" value="${user.identities}"/>
            <c:choose>
                <c:when test="${empty identities}"><p id="no-identities">No account of another provider is linked.</p></c:when>
                <c:otherwise>
                    <table id="identities">
                        <thead><tr><th scope="col">Connector</th><th scope="col">Your id there</th></tr></thead>
                        <tbody>
                        <c:forEach var="identity" items="${identities}">
                            <tr><th scope="row"><c:out value="${identity.key}"/></th><td><c:out value="${identity.value}"/></td></tr>
                        </c:forEach>
                        </tbody>
                    </table>
                </c:otherwise>
            </c:choose>
        </section>
    </c:if>
    <section class="card">
        <h2>User info</h2>
        <c:set var="userInfo" value="${user.userInfo}"/>
        <c:if test="${not empty userInfoError}"><p class="notice" id="userinfo-error"><c:out value="${userInfoError}"/></p></c:if>
        <table id="userinfo">
            <thead><tr><th scope="col">Claim</th><th scope="col">Value</th></tr></thead>
            <tbody>
            <c:forEach var="claim" items="${userInfo}">
                <tr><th scope="row"><c:out value="${claim.key}"/></th><td><c:out value="${claim.value}"/></td></tr>
            </c:forEach>
            </tbody>
        </table>
        <p class="hint">Fetched now from Logto's userinfo endpoint with your access token.</p>
    </section>
</main>
</body>
</html>
