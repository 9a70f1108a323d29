// Show the current value next to each what-if slider, as the server first wrote it
// (mlmasters.web.decision.what_if_text).
(function () {
  "use strict";
  function text(value, kind) {
    var v = Number(value);
    if (kind === "money") {
      return "$" + Math.round(v).toLocaleString("en-US");
    }
    if (kind === "percent") {
      return (v * 100).toFixed(1) + "%";
    }
    return v.toFixed(2);
  }
  document.querySelectorAll("form.whatif input[type=range]").forEach(function (el) {
    var out = document.getElementById("wo_" + el.name);
    el.addEventListener("input", function () {
      if (out) out.textContent = text(el.value, el.dataset.format);
    });
  });
})();
