<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<% response.setHeader("Cache-Control", "no-store"); %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/fragments/head.jspf" %>
    <title>Your organizations · Logto sign-in for Jakarta EE</title>
</head>
<body>
<%@ include file="/WEB-INF/fragments/header.jspf" %>
<main>
    <section class="card">
        <h1>Your organizations</h1>
        <c:choose>
            <c:when test="${empty organizations.memberships}">
                <p id="no-organizations">You are not a member of any organization (or the scope
                    <code>urn:logto:scope:organizations</code> is not in <code>LOGTO_SCOPES</code>).</p>
            </c:when>
            <c:otherwise>
                <table id="organizations">
                    <thead><tr><th scope="col">Organization</th><th scope="col">Your roles</th></tr></thead>
                    <tbody>
                    <c:forEach var="membership" items="${organizations.memberships}">
                        <tr><th scope="row"><c:out value="${membership.key}"/></th>
                            <td><c:forEach var="role" items="${membership.value}" varStatus="s"><c:out value="${role}"/><c:if test="${not s.last}">, </c:if></c:forEach></td></tr>
                    </c:forEach>
                    </tbody>
                </table>
                <p class="hint">An organization token for one of them:
                    <code>/api/logto/user?getOrganizationToken=&lt;id&gt;</code>
                    (<code>aud</code> = <code>urn:logto:organization:&lt;id&gt;</code>).</p>
            </c:otherwise>
        </c:choose>
    </section>
</main>
</body>
</html>
