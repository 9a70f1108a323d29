// The shortlist as a decision table: sortable columns (money, chance, months, tuition), and a
// compare tray that follows the person across their pages (kept in this browser only).
(function () {
  "use strict";
  var m = location.pathname.match(/^\/p\/([0-9a-f-]+)(\/|$)/);
  var pid = m ? m[1] : null;
  var KEY = pid ? "mlm-compare-" + pid : null;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(ids) {
    try { localStorage.setItem(KEY, JSON.stringify(ids.slice(0, 5))); } catch (e) { /* private mode */ }
    tray();
  }

  function sortable(root) {
    root.querySelectorAll("table.shortlist th[data-sort-col]").forEach(function (th) {
      if (th.querySelector("button")) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        var table = th.closest("table"), body = table.tBodies[0];
        var col = parseInt(th.getAttribute("data-sort-col"), 10);
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, c) {
          var x = a.cells[col].getAttribute("data-sort"), y = c.cells[col].getAttribute("data-sort");
          if (x === "" || x === null) return 1;
          if (y === "" || y === null) return -1;
          return dir * (parseFloat(x) - parseFloat(y));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    root.querySelectorAll("table.shortlist input[name=ids]").forEach(function (box) {
      box.checked = load().indexOf(box.value) >= 0;
      box.addEventListener("change", function () {
        var ids = load().filter(function (i) { return i !== box.value; });
        if (box.checked) ids.push(box.value);
        save(ids);
      });
    });
  }

  function tray() {
    if (!KEY) return;
    var ids = load();
    var el = document.getElementById("compare-tray");
    var here = (location.pathname.match(/\/programs\/([^/]+)$/) || [])[1];
    if (!ids.length && !here) { if (el) el.remove(); return; }
    if (!el) {
      // at the end of the page's content, in the flow: it never covers what it follows
      el = document.createElement("aside");
      el.id = "compare-tray";
      el.setAttribute("aria-label", "Programs to compare");
      (document.getElementById("main") || document.body).appendChild(el);
    }
    el.textContent = "";
    // nothing picked yet (a program page): no count and no bar kept in view, only the button
    el.classList.toggle("empty", !ids.length);
    if (ids.length) {
      var text = document.createElement("span");
      text.textContent = ids.length === 1 ? "1 program to compare" : ids.length + " programs to compare";
      el.appendChild(text);
    }
    if (here && ids.indexOf(decodeURIComponent(here)) < 0 && ids.length < 5) {
      var add = document.createElement("button");
      add.type = "button";
      add.textContent = ids.length ? "Add this program" : "Add this program to compare";
      add.addEventListener("click", function () { save(load().concat([decodeURIComponent(here)])); });
      el.appendChild(add);
    }
    if (ids.length >= 2) {
      var a = document.createElement("a");
      a.href = "/p/" + pid + "/compare?" + ids.map(function (i) { return "ids=" + encodeURIComponent(i); }).join("&");
      a.textContent = "Compare them";
      el.appendChild(a);
    }
    if (ids.length) {
      var clear = document.createElement("button");
      clear.type = "button";
      clear.textContent = "Clear";
      clear.addEventListener("click", function () {
        save([]);
        document.querySelectorAll("table.shortlist input[name=ids]").forEach(function (b) { b.checked = false; });
      });
      el.appendChild(clear);
    }
  }

  sortable(document);
  tray();
  document.body.addEventListener("htmx:afterSwap", function (ev) { sortable(ev.target); });
})();
