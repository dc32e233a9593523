<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!doctype html>
<html lang="en">
<head>
    <%@ include file="/WEB-INF/logto/head.jspf" %>
    <title>Logto sign-in for Jakarta EE</title>
    <script src="${pageContext.request.contextPath}/static/home.js" defer></script>
    <script src="${pageContext.request.contextPath}/static/call-api.js" defer></script>
</head>
<body>
<%@ include file="/WEB-INF/logto/header.jspf" %>
<main>
    <%-- Rendered on the server first; home.js then asks /api/logto/user, as the Next.js sample does with useSWR. --%>
    <section class="card" id="status" data-user-endpoint="${pageContext.request.contextPath}/api/logto/user"
             aria-live="polite">
        <c:choose>
            <c:when test="${user.signedIn}">
                <h1 id="greeting">Hello, <c:out value="${user.subject}"/></h1>
                <p id="summary">You are signed in with Logto.</p>
                <p class="actions">
                    <a class="button" href="${pageContext.request.contextPath}/profile">View your profile</a>
                </p>
            </c:when>
            <c:otherwise>
                <h1 id="greeting">Welcome</h1>
                <p id="summary">You are not signed in.</p>
                <p class="actions">
                    <a id="sign-in" class="button" href="${pageContext.request.contextPath}/api/logto/sign-in">Sign in</a>
                    <a id="sign-up" class="button secondary" href="${pageContext.request.contextPath}/api/logto/sign-up">Sign up</a>
                    <%-- LOGTO_OIDC_CONNECTOR_TARGET: straight to the upstream provider, past Logto's sign-in page;
                         not for a connector offered for linking only (LOGTO_OIDC_CONNECTOR_SIGN_IN=false). --%>
                    <c:if test="${not empty logtoConfig.oidcConnectorSignInPath}">
                        <a id="continue-with" class="button secondary"
                           href="${pageContext.request.contextPath}${logtoConfig.oidcConnectorSignInPath}">Continue with <c:out value="${logtoConfig.oidcConnectorName}"/></a>
                    </c:if>
                </p>
            </c:otherwise>
        </c:choose>
    </section>
    <c:if test="${user.signedIn and not empty logtoConfig.apiResource}">
        <%-- call-api.js: an API token from /api/logto/user?getAccessToken=true&resource=..., then GET /api/orders. --%>
        <section class="card" id="orders">
            <h2>Your API</h2>
            <p>Calls <code>GET /api/orders</code> with an access token for
                <code><c:out value="${logtoConfig.apiResource}"/></code>.</p>
            <c:url var="apiTokenUrl" value="/api/logto/user">
                <c:param name="getAccessToken" value="true"/>
                <c:param name="resource" value="${logtoConfig.apiResource}"/>
            </c:url>
            <p class="actions"><button id="call-orders" class="button" type="button"
                    data-token-url="<c:out value='${apiTokenUrl}'/>" data-token="accessToken"
                    data-api="${pageContext.request.contextPath}/api/orders" data-result="orders-result">Call the Orders API</button></p>
            <pre id="orders-result" aria-live="polite"></pre>
        </section>
    </c:if>
    <section class="card muted">
        <h2>What this sample shows</h2>
        <ul>
            <li>Jakarta Security's <code>@OpenIdAuthenticationMechanismDefinition</code> signing users in with Logto.</li>
            <li>The routes of Logto's Next.js SDK: <code>/api/logto/sign-in</code>, <code>sign-up</code>,
                <code>sign-in-callback</code>, <code>sign-out</code> and <code>user</code>.</li>
            <li><a href="${pageContext.request.contextPath}/profile">Profile</a> needs a signed-in user;
                <a href="${pageContext.request.contextPath}/admin">Admin</a> needs the Logto role <code>admin</code>.</li>
        </ul>
    </section>
</main>
</body>
</html>
