"use strict";
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { e.preventDefault(); }
  });

  // A form the operator has started filling is theirs: re-rendering <main> would wipe what they typed.
  function markEdited(e) { if (e.target.form) { e.target.form.setAttribute("data-edited", "1"); } }
  document.addEventListener("input", markEdited);
  document.addEventListener("change", markEdited);

  // Charts: the server renders each figure as JSON in data-figure; plotly.js (from the Plotly.Blazor package, served
  // by the console) draws it. A zoom the operator chose survives the live refresh of <main>.
  var zoom = null;
  function drawCharts() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var f = JSON.parse(el.getAttribute("data-figure"));
      var unit = f.unit ? " " + f.unit : "";
      var value = "%{y:.2f}" + unit;
      var traces = [
        { name: "max", x: f.time, y: f.max, mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false },
        { name: "min–max", x: f.time, y: f.min, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: "rgba(100,116,139,0.25)", hoverinfo: "skip" },
        { name: "expected", x: f.time, y: f.bandHigh, mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false, connectgaps: false },
        { name: "expected band", x: f.time, y: f.bandLow, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: "rgba(31,111,235,0.13)", hoverinfo: "skip", connectgaps: false },
        { name: "mean", x: f.time, y: f.mean, mode: "lines", line: { color: "#1f6feb", width: 1.6 }, hovertemplate: "mean " + value + "<extra></extra>" }
      ];
      // Envelope and band as hover lines too, so hovering a time shows min / max / band next to the mean.
      traces.push({ name: "min", x: f.time, y: f.min, mode: "lines", line: { width: 0 }, showlegend: false, hovertemplate: "min " + value + "<extra></extra>" });
      traces.push({ name: "max ", x: f.time, y: f.max, mode: "lines", line: { width: 0 }, showlegend: false, hovertemplate: "max " + value + "<extra></extra>" });
      if (f.anomalies.length) {
        traces.push({
          name: "anomalies", x: f.anomalies.map(function (a) { return a.time; }), y: f.anomalies.map(function (a) { return a.value; }),
          customdata: f.anomalies.map(function (a) { return a.alertId; }), text: f.anomalies.map(function (a) { return a.label; }),
          mode: "markers", marker: { color: "#c62828", size: 10, line: { color: "#fff", width: 1.5 } },
          hovertemplate: "%{text}<br>" + value + "<extra></extra>"
        });
      }
      var layout = {
        margin: { l: 64, r: 16, t: 8, b: 40 }, height: 320, hovermode: "x unified", dragmode: "zoom",
        legend: { orientation: "h", y: -0.2 }, paper_bgcolor: "#fff", plot_bgcolor: "#fff",
        xaxis: { type: "date", range: [f.from, f.to], title: { text: "time (UTC)" }, showgrid: true, gridcolor: "#e5e9f0", hoverformat: "%Y-%m-%d %H:%M:%S" },
        yaxis: { title: { text: f.channel + (f.unit ? " (" + f.unit + ")" : "") }, ticksuffix: unit, showgrid: true, gridcolor: "#e5e9f0", zeroline: false },
        shapes: f.limits.map(function (l) {
          return { type: "line", xref: "paper", x0: 0, x1: 1, y0: l.value, y1: l.value, line: { color: "#b35900", width: 1.5, dash: "dash" } };
        }),
        annotations: f.limits.map(function (l) {
          return { xref: "paper", x: 1, xanchor: "right", y: l.value, yanchor: l.name === "max" ? "bottom" : "top", text: l.label, showarrow: false, font: { color: "#b35900", size: 11 } };
        })
      };
      if (zoom && zoom.key === el.getAttribute("data-key")) { layout.xaxis.range = zoom.range; layout.xaxis.autorange = false; }
      window.Plotly.newPlot(el, traces, layout, { responsive: true, displaylogo: false, scrollZoom: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] })
        .then(function () { el.setAttribute("data-drawn", "1"); });
      el.on("plotly_relayout", function (e) {
        if (e["xaxis.range[0]"]) { zoom = { key: el.getAttribute("data-key"), range: [e["xaxis.range[0]"], e["xaxis.range[1]"]] }; }
        else if (e["xaxis.autorange"]) { zoom = null; }
      });
    });
  }
  drawCharts();

  var liveUrl = document.body.getAttribute("data-live");
  if (liveUrl && window.EventSource) {
    var last = null, busy = false;
    var source = new EventSource(liveUrl);
    source.onmessage = function (e) {
      if (last === null) { last = e.data; return; }
      if (e.data === last || busy) { return; }
      var active = document.activeElement;
      if (active && (active.tagName === "INPUT" || active.tagName === "SELECT" || active.tagName === "TEXTAREA")) { return; }
      if (document.querySelector("#main form[data-edited]")) { return; }
      last = e.data; busy = true;
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("main");
          if (fresh) {
            document.querySelectorAll("[data-figure]").forEach(function (el) { if (window.Plotly) { window.Plotly.purge(el); } });
            document.getElementById("main").innerHTML = fresh.innerHTML;
            drawCharts();
            document.body.setAttribute("data-refreshed", String(Date.now()));
          }
        })
        .finally(function () { busy = false; });
    };
  }

  var rows = document.getElementById("log-rows");
  if (rows && window.EventSource) {
    var state = document.getElementById("tail-state");
    var tail = new EventSource(rows.getAttribute("data-tail"));
    // The stream's first event; onopen alone would do, but it names the moment the server is tailing.
    tail.addEventListener("ready", function () { if (state) { state.textContent = "on"; } });
    tail.onopen = function () { if (state) { state.textContent = "on"; } };
    tail.onerror = function () { if (state) { state.textContent = "reconnecting…"; } };
    tail.onmessage = function (e) {
      var line = JSON.parse(e.data);
      var tr = document.createElement("tr");
      tr.className = "live " + line.level.toLowerCase();
      [line.time, line.level, line.source, line.component, line.message].forEach(function (text, i) {
        var td = document.createElement("td");
        td.textContent = text;
        if (i === 3) { td.className = "wide"; }
        tr.appendChild(td);
      });
      rows.insertBefore(tr, rows.firstChild);
      while (rows.children.length > 1000) { rows.removeChild(rows.lastChild); }
    };
  }
})();
