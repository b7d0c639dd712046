// Progressive enhancement only: every page and form works without this file.
(function () {
  var header = document.querySelector('meta[name="csrf-header"]');
  var token = document.querySelector('meta[name="csrf-token"]');

  htmx.config.responseHandling = [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    // 499: the session expired; reload to sign in again instead of swapping a redirect.
    { code: '499', swap: false, error: true },
    // Error answers carry an inline message fragment to show in place.
    { code: '[45]..', swap: true, error: true }
  ];

  document.body.addEventListener('htmx:configRequest', function (event) {
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  document.body.addEventListener('htmx:responseError', function (event) {
    if (event.detail.xhr.status === 499) {
      window.location.reload();
    }
  });

  // Relative times ("updated 40 seconds ago") stay true while the page stays open.
  function span(seconds) {
    function plural(count, unit) { return count + ' ' + unit + (count === 1 ? '' : 's'); }
    if (seconds < 60) { return seconds <= 1 ? '1 second' : seconds + ' seconds'; }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) { return plural(minutes, 'minute'); }
    var hours = Math.floor(minutes / 60);
    if (hours < 48) { return plural(hours, 'hour'); }
    var days = Math.floor(hours / 24);
    if (days < 60) { return plural(days, 'day'); }
    return days < 730 ? plural(Math.floor(days / 30), 'month') : plural(Math.floor(days / 365), 'year');
  }
  setInterval(function () {
    document.querySelectorAll('time[data-ago]').forEach(function (time) {
      var seconds = Math.floor((Date.now() - Date.parse(time.getAttribute('datetime'))) / 1000);
      if (!isNaN(seconds)) {
        time.textContent = seconds < 0 ? 'in ' + span(-seconds) : span(seconds) + ' ago';
      }
    });
  }, 1000);

  // Copy buttons for the share links: they need JavaScript, so they are shown by it.
  function showCopyButtons() {
    document.querySelectorAll('button.copy[hidden]').forEach(function (button) {
      if (navigator.clipboard) { button.hidden = false; }
    });
  }
  showCopyButtons();
  document.body.addEventListener('htmx:afterSwap', showCopyButtons);
  document.body.addEventListener('htmx:sseMessage', showCopyButtons);
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button.copy');
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute('data-copy'));
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    });
  });

  // Select the whole link when a share field is focused, ready to copy.
  document.addEventListener('focusin', function (event) {
    if (event.target.matches('.share input')) {
      event.target.select();
    }
  });
})();
