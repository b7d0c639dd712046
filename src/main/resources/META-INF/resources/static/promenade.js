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

  // Select the whole link when a share field is focused, ready to copy.
  document.addEventListener('focusin', function (event) {
    if (event.target.matches('.share input')) {
      event.target.select();
    }
  });
})();
