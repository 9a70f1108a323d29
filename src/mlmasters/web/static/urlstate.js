// Forms marked data-push-page fetch a fragment with htmx but keep the FULL page's address
// in the location bar: after each update the page URL (the form's action + its values) is
// pushed, so back, forward and reload show the whole page with its navigation, in the
// state the person left it. Going back or forward loads that page from the server.
(function () {
  "use strict";
  function pageUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (k !== "csrf_token") params.append(k, v); });
    var q = params.toString();
    return form.getAttribute("action") + (q ? "?" + q : "");
  }
  function here() { return location.pathname + location.search; }
  var shown = here();
  document.addEventListener("htmx:afterRequest", function (ev) {
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("form[data-push-page]");
    if (!form || !ev.detail.successful) return;
    var url = pageUrl(form);
    if (url !== shown) {
      history.pushState({ mlmPage: true }, "", url + location.hash);
      shown = here();
    }
  });
  window.addEventListener("popstate", function () {
    if (here() !== shown) location.reload();
  });
})();
