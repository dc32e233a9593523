// Reads the signed-in state the way the Next.js sample does with useSWR('/api/logto/user'):
// the page is already rendered on the server, this keeps it current without a reload.
(function () {
  'use strict';
  var status = document.getElementById('status');
  if (!status || !window.fetch) {
    return;
  }
  fetch(status.getAttribute('data-user-endpoint'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (context) {
      if (!context) {
        return;
      }
      var greeting = document.getElementById('greeting');
      var summary = document.getElementById('summary');
      if (context.isAuthenticated) {
        greeting.textContent = 'Hello, ' + context.claims.sub;
        summary.textContent = 'You are signed in with Logto.';
      } else {
        greeting.textContent = 'Welcome';
        summary.textContent = 'You are not signed in.';
      }
      status.setAttribute('data-loaded', 'true');
    })
    .catch(function () { /* the server-rendered state stays */ });
})();
