/* Exchange Ledger, static edition: draws the charts embedded in each page, and on the first page redraws
   the Sankey, the figures and the map from views precomputed at build time. After the page and its views it
   asks only this site for the map's outlines, once the map comes into view; a switch makes no request at all.
   Every text it shows is set as text, never as HTML. */
(function () {
  "use strict";
  var TEMPLATES = window.LEDGER_TEMPLATES || {};
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var drawn = [];

  function withTemplate(layout) {
    var out = Object.assign({}, layout);
    out.template = TEMPLATES[dark && dark.matches ? "dark" : "light"];
    out.autosize = true;
    return out;
  }

  // A view's figure carries no config (the toolbar's settings, the map's own outlines): the element's stays.
  function keep(el, fig) {
    var before = el._ledgerFigure;
    el._ledgerFigure = fig.config || !before ? fig : Object.assign({}, fig, {config: before.config});
    return el._ledgerFigure;
  }

  function draw(el, fig) {
    fig = keep(el, fig);
    if (drawn.indexOf(el) < 0) { drawn.push(el); }
    return Plotly.react(el, fig.data, withTemplate(fig.layout), Object.assign({responsive: true}, fig.config));
  }

  // Redraw an element that is on show; one still waiting to come into view only keeps the figure for then.
  function redraw(el, fig) {
    if (drawn.indexOf(el) >= 0) { draw(el, fig); } else { keep(el, fig); }
  }

  // A lazy chart (the map) is drawn when it nears the screen: its outlines are fetched only for a reader who
  // scrolls to it, and the first screen waits for nothing but the diagram.
  var lazy = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { lazy.unobserve(entry.target); draw(entry.target, entry.target._ledgerFigure); }
    });
  }, {rootMargin: "300px"}) : null;

  document.querySelectorAll("[data-figure]").forEach(function (el) {
    var fig = JSON.parse(document.getElementById(el.getAttribute("data-figure")).textContent);
    if (lazy && el.hasAttribute("data-lazy")) { keep(el, fig); lazy.observe(el); } else { draw(el, fig); }
  });
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", function () { drawn.forEach(function (el) { draw(el, el._ledgerFigure); }); });
  }

  var controls = document.getElementById("controls");
  if (!controls) { window.ledgerReady = true; return; }
  var root = controls.getAttribute("data-root");
  var payload = null;

  function decode(value) {
    if (typeof value === "string") { return payload.strings[parseInt(value, 36)]; }
    if (Array.isArray(value)) { return value.map(decode); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = decode(value[k]); });
      return out;
    }
    return value;
  }

  function chosen() {
    var bits = payload.statuses.map(function (s) {
      return controls.querySelector('input[value="' + s + '"]').checked ? "1" : "0";
    }).join("");
    return bits + "/" + controls.querySelector("select").value;
  }

  function cell(tag, text, href) {
    var el = document.createElement(tag);
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      el.appendChild(a);
    } else {
      el.textContent = text;
    }
    return el;
  }

  function showRows(table, rows, empty) {
    var body = document.querySelector(table + " tbody");
    var width = document.querySelectorAll(table + " thead th").length;
    body.textContent = "";
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      r.cells.forEach(function (text, i) {
        tr.appendChild(cell("td", text, i === 0 && r.href ? root + r.href : null));
      });
      body.appendChild(tr);
    });
    if (!rows.length) {
      var td = cell("td", empty);
      td.colSpan = width;
      body.appendChild(document.createElement("tr")).appendChild(td);
    }
  }

  function showSummary(items) {
    var list = document.getElementById("summary");
    list.textContent = "";
    items.forEach(function (item) {
      var div = document.createElement("div");
      div.appendChild(cell("dt", item[0]));
      div.appendChild(cell("dd", item[1]));
      list.appendChild(div);
    });
  }

  var decoded = {};

  function showText(view, key) {
    document.getElementById("sankey-alt").textContent = view.alt;
    showRows("#figures-table", view.rows, "No figures for this view.");
    showSummary(view.summary);
    document.getElementById("map-alt").textContent = view.map.alt;
    document.getElementById("map-words").textContent = view.map.words;
    showRows("#places-table", view.map.rows, "No places named by the claims of this view.");
    redraw(document.getElementById("map"), view.map.figure);
    document.getElementById("view-heading").textContent = "The flows, " + view.words;
    document.getElementById("view-words").textContent = "Showing " + view.words + ".";
    document.getElementById("dashboard-link").href = view.dashboard;
    if (window.history && history.replaceState) { history.replaceState(null, "", "#" + key); }
  }

  function update() {
    var key = chosen();
    var view = decoded[key] || (decoded[key] = decode(payload.views[payload.keys[key]]));
    draw(document.getElementById("sankey"), view.figure);
    // The diagram is painted first; the tables, the words and the map follow in the frame after, so a reader
    // sees the switch take effect as soon as the browser can draw it.
    requestAnimationFrame(function () { requestAnimationFrame(function () { showText(view, key); }); });
  }

  function restore() {
    var m = /^#([01]{3})\/(\d{4}-\d{2}-\d{2})$/.exec(window.location.hash);
    if (!m || !(m[1] + "/" + m[2] in payload.keys)) { return; }
    payload.statuses.forEach(function (s, i) {
      controls.querySelector('input[value="' + s + '"]').checked = m[1][i] === "1";
    });
    controls.querySelector("select").value = m[2];
    update();
  }

  fetch(controls.getAttribute("data-views"), {credentials: "same-origin"})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      payload = data;
      controls.hidden = false;
      controls.addEventListener("change", update);
      restore();
      window.ledgerReady = true;
    });
})();
