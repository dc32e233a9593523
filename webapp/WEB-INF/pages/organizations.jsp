<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<% response.setHeader("Cache-Control", "no-store"); %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title>Your organizations · Logto sign-in for Jakarta EE</title>
    <script src="${pageContext.request.contextPath}/static/call-api.js" defer></script>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card">
        <h1>Your organizations</h1>
        <c:choose>
            <c:when test="${empty organizations.memberships}">
                <p id="no-organizations">You are not a member of any organization (or the scope
                    <code>urn:logto:scope:organizations</code> is not in <code>LOGTO_SCOPES</code>).</p>
            </c:when>
            <c:otherwise>
                <%-- call-api.js: an organization token from /api/logto/user?getOrganizationToken=<id>, then
                     GET /api/organizations/<id>/orders, which needs the organization permission read:org-orders. --%>
                <table id="organizations">
                    <thead><tr><th scope="col">Organization</th><th scope="col">Your roles</th><th scope="col">Its API</th></tr></thead>
                    <tbody>
                    <c:forEach var="membership" items="${organizations.memberships}">
                        <c:url var="tokenUrl" value="/api/logto/user"><c:param name="getOrganizationToken" value="${membership.key}"/></c:url>
                        <tr><th scope="row"><c:out value="${membership.key}"/></th>
                            <td><c:forEach var="role" items="${membership.value}" varStatus="s"><c:out value="${role}"/><c:if test="${not s.last}">, </c:if></c:forEach></td>
                            <td><button id="call-organization-<c:out value='${membership.key}'/>" class="button secondary" type="button"
                                        data-token-url="<c:out value='${tokenUrl}'/>" data-token="organizationToken"
                                        data-api="${pageContext.request.contextPath}/api/organizations/<c:out value='${membership.key}'/>/orders"
                                        data-result="organization-result">Call its Orders API</button></td></tr>
                    </c:forEach>
                    </tbody>
                </table>
                <pre id="organization-result" aria-live="polite"></pre>
                <p class="hint">Each button gets an organization token
                    (<code>/api/logto/user?getOrganizationToken=&lt;id&gt;</code>, <code>aud</code> =
                    <code>urn:logto:organization:&lt;id&gt;</code>) and calls
                    <code>GET /api/organizations/&lt;id&gt;/orders</code>, which needs the organization permission
                    <code>read:org-orders</code> from one of your roles there.</p>
            </c:otherwise>
        </c:choose>
    </section>
</main>
</body>
</html>
