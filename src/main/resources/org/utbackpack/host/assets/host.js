// The frame's left navigation folds behind a Menu button on narrow screens (host.css); the button is made
// here so that a browser without scripts keeps the navigation open.
(function () {
  'use strict';
  var spanish = document.documentElement.lang === 'es';
  var navs = document.querySelectorAll('nav.leftnav');
  for (var i = 0; i < navs.length; i++) {
    (function (nav, n) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'nav-toggle';
      button.textContent = spanish ? 'Menú' : 'Menu';
      button.setAttribute('aria-expanded', 'false');
      nav.id = nav.id || 'leftnav-' + n;
      button.setAttribute('aria-controls', nav.id);
      button.addEventListener('click', function () {
        var open = nav.classList.toggle('open');
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
      nav.insertBefore(button, nav.firstChild);
      nav.classList.add('collapsible');
    }(navs[i], i));
  }
}());
