// On a phone the shortlist table is shown as cards (style.css): each cell is labelled with
// its column's heading, copied here from the table head (after every htmx update too).
(function () {
  "use strict";
  function label(root) {
    (root || document).querySelectorAll("table.shortlist").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (!td.hasAttribute("data-label")) td.setAttribute("data-label", heads[i] || "");
          if (td.querySelector("input[type=checkbox]")) td.classList.add("pick");
          else if (td.querySelector("a[href*='/programs/']")) td.classList.add("program");
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { label(ev.target); });
})();
