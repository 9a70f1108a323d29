// Show the current value next to each what-if slider.
(function () {
  "use strict";
  document.querySelectorAll("form.whatif input[type=range]").forEach(function (el) {
    var out = document.getElementById("wo_" + el.name);
    el.addEventListener("input", function () { if (out) out.textContent = el.value; });
  });
})();
