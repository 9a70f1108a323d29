// Render every Vega-Lite chart on the page with the vendored vega-embed.
// A chart is <div class="chart" data-spec="ID"> plus <script type="application/json" id="ID">.
// Expressions are interpreted (ast: true + vega-interpreter), so the CSP needs no eval.
// The actions menu offers PNG and SVG downloads of each chart.
(function () {
  "use strict";
  function render(root) {
    (root || document).querySelectorAll("div.chart[data-spec]").forEach(function (el) {
      if (el.dataset.rendered === "1") return;
      var holder = document.getElementById(el.dataset.spec);
      if (!holder) return;
      var spec = JSON.parse(holder.textContent);
      el.dataset.rendered = "1";
      vegaEmbed(el, spec, {
        ast: true,
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        downloadFileName: el.dataset.name || "chart"
      }).then(function () {
        // vega-embed's menu button is an icon only: give it an accessible name
        var summary = el.querySelector("details > summary");
        if (summary) summary.setAttribute("aria-label", "Chart menu: save as PNG or SVG");
        el.setAttribute("data-ready", "1");
      }).catch(function (err) {
        el.textContent = "This chart could not be drawn: " + err;
      });
    });
  }
  window.mlmCharts = { render: render };
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { render(ev.target); });
})();
