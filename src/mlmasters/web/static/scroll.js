// A table or code block wider than a phone scrolls sideways inside its box; such a box must
// be reachable with the keyboard (WCAG 2.1.1, axe "scrollable-region-focusable"): it gets a
// tab stop and a name, and a visible hint above it. Boxes that fit get none of these.
(function () {
  "use strict";
  function mark(root) {
    (root || document).querySelectorAll(".table-wrap, pre, article.doc table").forEach(function (el) {
      // a box that lets its content show (the shortlist's cards on a phone) does not scroll
      var overflow = getComputedStyle(el).overflowX;
      var scrolls = (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        var cap = el.querySelector("caption");
        var name = cap ? cap.textContent.trim() : (el.tagName === "PRE" ? "Code" : "Table");
        el.setAttribute("aria-label", name + " (scrolls sideways)");
      }
      // a visible hint above a table that scrolls (a phone would otherwise hide its last columns)
      var hinted = el.previousElementSibling && el.previousElementSibling.classList.contains("scroll-hint");
      el.classList.toggle("scrolls", scrolls);
      if (scrolls && !hinted && el.classList.contains("table-wrap")) {
        var hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = "Swipe sideways for more columns →";
        el.parentNode.insertBefore(hint, el);
      } else if (!scrolls && hinted) {
        el.previousElementSibling.remove();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { mark(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { mark(ev.target); });
})();
