// The home page's API demo, as a Next.js page would do it with getAccessToken(resource):
// 1. ask this app for an access token for the API (a JWT with aud = the API indicator),
// 2. call the API with Authorization: Bearer. The token never leaves this page.
(function () {
  'use strict';
  var section = document.getElementById('orders');
  if (!section || !window.fetch) {
    return;
  }
  var result = document.getElementById('orders-result');
  document.getElementById('call-orders').addEventListener('click', function () {
    result.textContent = 'Calling...';
    var tokenUrl = section.getAttribute('data-user-endpoint') + '?getAccessToken=true&resource='
      + encodeURIComponent(section.getAttribute('data-resource'));
    fetch(tokenUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (context) {
        if (!context.accessToken) {
          throw new Error(context.error || 'not signed in');
        }
        return fetch(section.getAttribute('data-api'), {
          headers: { Accept: 'application/json', Authorization: 'Bearer ' + context.accessToken }
        });
      })
      .then(function (response) {
        return response.text().then(function (body) { return response.status + ' ' + body; });
      })
      .then(function (text) { result.textContent = text; })
      .catch(function (error) { result.textContent = 'Failed: ' + error.message; });
  });
})();
