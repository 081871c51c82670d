// Student Backpack tab: while a request is on its way, ask the broker for its state every two seconds
// and reload the page when it changes, so the file appears without a manual reload.
(function () {
  'use strict';
  var section = document.getElementById('bp');
  if (!section || section.getAttribute('data-open') !== 'true') {
    return;
  }
  var url = section.getAttribute('data-status-url');
  var shown = section.getAttribute('data-state');
  var stopAt = Date.now() + 10 * 60 * 1000;

  function check() {
    if (Date.now() > stopAt) {
      return;
    }
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status && status.state !== shown) {
          var here = new URL(window.location.href);
          here.searchParams.delete('notice');
          window.location.replace(here.toString());
          return;
        }
        window.setTimeout(check, 2000);
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 1000);
}());

// Print view: the Print button opens the browser's print dialog (a script file, as the page's policy allows).
(function () {
  'use strict';
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function () { window.print(); });
  }
}());
