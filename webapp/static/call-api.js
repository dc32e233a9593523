// Calls a protected API from a page, as a Next.js page does with @logto/next's getAccessToken(resource) or
// getOrganizationToken(organizationId). Each <button data-api> says:
//   data-token-url  where this app hands out the token: /api/logto/user?getAccessToken=true&resource=...
//                   or /api/logto/user?getOrganizationToken=<orgId>
//   data-token      the JSON field holding it: accessToken or organizationToken
//   data-api        the API to call with Authorization: Bearer <token>
//   data-result     the id of the element that shows "<status> <body>"
// The token stays in this page's memory; it is never stored.
(function () {
  'use strict';
  if (!window.fetch) {
    return;
  }
  function call(button) {
    var result = document.getElementById(button.getAttribute('data-result'));
    result.textContent = 'Calling...';
    fetch(button.getAttribute('data-token-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (context) {
        var token = context[button.getAttribute('data-token')];
        if (!token) {
          throw new Error(context.error || 'not signed in');
        }
        return fetch(button.getAttribute('data-api'), {
          headers: { Accept: 'application/json', Authorization: 'Bearer ' + token }
        });
      })
      .then(function (response) {
        return response.text().then(function (body) { return response.status + ' ' + body; });
      })
      .then(function (text) { result.textContent = text; })
      .catch(function (error) { result.textContent = 'Failed: ' + error.message; });
  }
  Array.prototype.forEach.call(document.querySelectorAll('button[data-api]'), function (button) {
    button.addEventListener('click', function () { call(button); });
  });
})();
