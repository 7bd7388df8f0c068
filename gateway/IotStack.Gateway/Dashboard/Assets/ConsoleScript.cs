namespace IotStack.Gateway.Dashboard.Assets;

/// <summary>
/// The console's only script, vanilla and served from the console (the CSP allows scripts from 'self' only, so no
/// inline handlers): confirmation before dangerous posts, live re-render on server-sent events, log tail.
/// </summary>
internal static class ConsoleScript
{
    public const string Js = """
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
                  if (fresh) { document.getElementById("main").innerHTML = fresh.innerHTML; document.body.setAttribute("data-refreshed", String(Date.now())); }
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
        """;
}
