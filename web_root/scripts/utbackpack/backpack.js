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

// Guardian requests: "Select all" ticks every request on the page in place. Without scripts the same link
// loads the page again with every box ticked, so the bulk buttons work either way.
(function () {
  'use strict';
  var toggle = document.querySelector('a[data-select-all]');
  var form = document.getElementById('bp-queue-form');
  if (!toggle || !form) {
    return;
  }
  toggle.addEventListener('click', function (event) {
    event.preventDefault();
    var on = toggle.getAttribute('data-select-all') !== 'on';
    var boxes = form.querySelectorAll('input[type=checkbox][name=id]');
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].checked = on;
    }
    toggle.setAttribute('data-select-all', on ? 'on' : 'off');
    toggle.textContent = toggle.getAttribute(on ? 'data-clear-text' : 'data-select-text');
  });
}());
