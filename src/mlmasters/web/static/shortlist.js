// Live numbers next to the weight sliders (htmx sends the form on change).
(function () {
  "use strict";
  document.querySelectorAll("#weights input[type=range]").forEach(function (el) {
    var out = document.getElementById("o_" + el.name.slice(2));
    el.addEventListener("input", function () { if (out) out.textContent = el.value; });
  });
})();
