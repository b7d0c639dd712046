// Progressive enhancement only: every page and form works without this file.
(function () {
  // Styles that only make sense with this file (the confirmation checkbox becomes a dialog…).
  document.documentElement.classList.add('enhanced');
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
  // Styles that only make sense with this file (the confirmation checkbox becomes a dialog…).
  document.documentElement.classList.add('enhanced');
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
  // Styles that only make sense with this file (the confirmation checkbox becomes a dialog…).
  document.documentElement.classList.add('enhanced');
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    });
  });

  // A diverged promotion asks in a dialog that names the commits only the target has; without
  // JavaScript the form's required checkbox asks instead.
  document.addEventListener('click', function (event) {
    var submit = event.target.closest && event.target.closest('form[data-confirm] button[type=submit]');
    if (submit) {
      var form = submit.form;
      var dialog = document.getElementById(form.getAttribute('data-confirm'));
      if (dialog && dialog.showModal && !form.elements.confirm.checked) {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var choice = event.target.closest && event.target.closest('dialog button[data-dialog]');
    if (!choice) { return; }
    var opened = choice.closest('dialog');
    opened.close();
    var asking = document.querySelector('form[data-confirm="' + opened.id + '"]');
    if (choice.getAttribute('data-dialog') === 'confirm' && asking) {
      asking.elements.confirm.checked = true;
      asking.requestSubmit(asking.querySelector('button[type=submit]'));
    }
  });

  // After Promote or Back-merge, focus moves to what came of it, which is read out.
  var acting = null;
  document.body.addEventListener('htmx:beforeRequest', function (event) {
    var step = event.detail.elt.closest && event.detail.elt.closest('li.step');
    acting = step ? step.id : null;
  });
  document.body.addEventListener('htmx:afterSettle', function (event) {
    if (!acting || !event.detail.requestConfig) { return; }
    var step = document.getElementById(acting);
    acting = null;
    var notice = step && step.querySelector('.notice');
    if (notice && notice.textContent.trim()) {
      document.getElementById('announcer').textContent = notice.textContent.trim();
      notice.focus();
    }
  });

  // Sorting or filtering the board applies at once; the Apply button is for pages without this file.
  document.addEventListener('change', function (event) {
    if (event.target.matches('.board-controls select')) {
      event.target.form.requestSubmit();
    }
  });

  // Select the whole link when a share field is focused, ready to copy.
  document.addEventListener('focusin', function (event) {
    if (event.target.matches('.share input')) {
      event.target.select();
    }
  });
})();
