// Render every Vega-Lite chart on the page with the vendored vega-embed.
// A chart is <div class="chart" data-spec="ID"> plus <script type="application/json" id="ID">.
// Expressions are interpreted (ast: true + vega-interpreter), so the CSP needs no eval.
// The actions menu offers PNG and SVG downloads of each chart.
//
// Charts are drawn at the width of their box (not scaled down), so text keeps its size on a
// phone: axis labels and titles stay at 11 px or more, long labels are cut to a share of the
// width (the tooltip has them whole) and long titles wrap.
(function () {
  "use strict";
  var MIN_FONT = 11;

  function wrap(text, width) {
    if (typeof text !== "string") return text;
    var max = Math.max(24, Math.floor((width - 44) / 8.5));  // 13 px bold, beside the menu button
    if (text.length <= max) return text;
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > max) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function fit(spec, width) {
    var narrow = width < 560;
    spec.width = "container";
    spec.autosize = { type: "fit", contains: "padding", resize: true };
    var cfg = spec.config = spec.config || {};
    var axis = cfg.axis = cfg.axis || {};
    axis.labelFontSize = Math.max(axis.labelFontSize || 0, MIN_FONT);
    axis.titleFontSize = Math.max(axis.titleFontSize || 0, MIN_FONT + 1);
    var axisY = cfg.axisY = cfg.axisY || {};
    // a label may take at most ~40% of a narrow chart, so the bars keep room
    axisY.labelLimit = narrow ? Math.round(width * 0.4) : Math.min(axisY.labelLimit || 320, Math.round(width * 0.45));
    var axisX = cfg.axisX = cfg.axisX || {};
    if (narrow) { axisX.labelOverlap = true; axisX.labelFlush = true; axisX.tickCount = 4; }
    cfg.legend = Object.assign({ labelFontSize: MIN_FONT, titleFontSize: MIN_FONT + 1, labelLimit: Math.round(width * 0.8) }, cfg.legend || {});
    cfg.title = Object.assign({ fontSize: 13, anchor: "start" }, cfg.title || {});
    if (spec.title) spec.title = typeof spec.title === "string" ? { text: wrap(spec.title, width) } : spec.title;
    return spec;
  }

  function render(root) {
    (root || document).querySelectorAll("div.chart[data-spec]").forEach(function (el) {
      if (el.dataset.rendered === "1") return;
      var holder = document.getElementById(el.dataset.spec);
      if (!holder) return;
      var width = el.clientWidth || (el.parentElement && el.parentElement.clientWidth) || 620;
      var spec = fit(JSON.parse(holder.textContent), width);
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
