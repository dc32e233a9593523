<%@ page contentType="text/html;charset=UTF-8" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- /account (AccountServlet): linked accounts from Logto's Account API; every form carries the CSRF token. --%>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title>Your account · Logto sign-in for Jakarta EE</title>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <section class="card">
        <h1>Your account</h1>
        <c:if test="${not empty account.notice}"><p class="notice" id="account-notice" role="status"><c:out value="${account.notice}"/></p></c:if>
        <h2>Linked accounts</h2>
        <c:choose>
            <c:when test="${not account.identitiesListed}">
                <p class="notice" id="identities-hidden">Logto did not list your linked accounts: sign in again so
                    that the <code>identities</code> scope is granted, and make sure the Account Center's Social
                    field is ReadOnly or Edit.</p>
            </c:when>
            <c:when test="${empty account.identities}"><p id="no-identities">No account of another provider is linked.</p></c:when>
            <c:otherwise>
                <table id="identities">
                    <thead><tr><th scope="col">Connector</th><th scope="col">Your id there</th><th scope="col">Name</th><th scope="col">Email</th></tr></thead>
                    <tbody>
                    <c:forEach var="identity" items="${account.identities}">
                        <tr id="identity-${identity.target}"><th scope="row"><c:out value="${identity.target}"/></th>
                            <td><c:out value="${identity.userId}"/></td><td><c:out value="${identity.name}"/></td>
                            <td><c:out value="${identity.email}"/></td></tr>
                    </c:forEach>
                    </tbody>
                </table>
            </c:otherwise>
        </c:choose>
        <div class="actions">
            <c:choose>
                <c:when test="${account.linked}">
                    <form method="post" action="${pageContext.request.contextPath}/account">
                        <input type="hidden" name="csrf" value="<c:out value='${user.csrfToken}'/>">
                        <input type="hidden" name="action" value="unlink">
                        <button type="submit" id="unlink" class="button secondary">Unlink <c:out value="${account.connectorName}"/></button>
                    </form>
                    <c:if test="${account.canCall}">
                        <form method="post" action="${pageContext.request.contextPath}/account">
                            <input type="hidden" name="csrf" value="<c:out value='${user.csrfToken}'/>">
                            <input type="hidden" name="action" value="call">
                            <button type="submit" id="call-provider" class="button">Call <c:out value="${account.connectorName}"/> API</button>
                        </form>
                    </c:if>
                </c:when>
                <c:otherwise>
                    <form method="post" action="${pageContext.request.contextPath}/account">
                        <input type="hidden" name="csrf" value="<c:out value='${user.csrfToken}'/>">
                        <input type="hidden" name="action" value="link">
                        <button type="submit" id="link" class="button">Link <c:out value="${account.connectorName}"/></button>
                    </form>
                </c:otherwise>
            </c:choose>
        </div>
        <c:if test="${not empty account.stepUpExpiresAt}">
            <p class="hint" id="step-up">Your password confirmation is valid until <c:out value="${account.stepUpExpiresAt}"/>.</p>
        </c:if>
    </section>
    <c:if test="${not empty account.continueUri}">
        <section class="card" id="link-step">
            <h2>Continue at <c:out value="${account.connectorName}"/></h2>
            <p>Sign in there and allow access; you come back here with the account linked.</p>
            <p class="actions"><a id="continue-link" class="button" href="<c:out value='${account.continueUri}'/>">Continue to <c:out value="${account.connectorName}"/></a></p>
        </section>
    </c:if>
    <c:if test="${not empty account.passwordFor}">
        <section class="card" id="password-step">
            <h2>Confirm your password</h2>
            <p>To <c:out value="${account.passwordFor}"/> <c:out value="${account.connectorName}"/>, Logto asks for
                your password first. The confirmation lasts 10 minutes.</p>
            <form method="post" action="${pageContext.request.contextPath}/account">
                <input type="hidden" name="csrf" value="<c:out value='${user.csrfToken}'/>">
                <input type="hidden" name="action" value="password">
                <input type="hidden" name="then" value="<c:out value='${account.passwordFor}'/>">
                <label for="password">Password</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required>
                <button type="submit" id="confirm-password" class="button">Confirm</button>
            </form>
        </section>
    </c:if>
    <c:if test="${not empty account.answer}">
        <section class="card" id="provider-answer">
            <h2><c:out value="${account.connectorName}"/> API answered HTTP <span id="provider-status"><c:out value="${account.answer.status}"/></span></h2>
            <pre id="provider-body"><c:out value="${account.answer.body}"/></pre>
            <p class="hint">Called by this server with the token Logto stored for you; the token never reaches your browser.</p>
        </section>
    </c:if>
</main>
</body>
</html>
