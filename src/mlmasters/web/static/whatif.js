// Show the current value next to each what-if slider, as the server first wrote it
// (mlmasters.web.decision.what_if_text). A slider is sent only once it has been moved
// (it then gets its name), so an untouched one keeps the person's own answer.
(function () {
  "use strict";
  function text(value, kind) {
    var v = Number(value);
    if (kind === "money") {
      return (v < 0 ? "\u2212$" : "$") + Math.round(Math.abs(v)).toLocaleString("en-US");
    }
    if (kind === "percent") {
      return (v * 100).toFixed(1) + "%";
    }
    return v.toFixed(2);
  }
  document.querySelectorAll("form.whatif input[type=range]").forEach(function (el) {
    var out = document.getElementById("wo_" + el.dataset.name);
    el.addEventListener("input", function () {
      el.name = el.dataset.name;
      if (out) out.textContent = text(el.value, el.dataset.format);
    });
  });
})();
