// Added by `roadmap serve` to the pages it serves, never to built files. It follows the
// server's event stream: after a rebuild that changed the site the page reloads; while the
// build fails, a panel at the bottom shows the errors as the build prints them. Hidden tabs
// close their stream (browsers allow few connections per host) and catch up when shown.
(function () {
  "use strict";
  var script = document.currentScript;
  var built = script ? script.getAttribute("data-generation") : null;
  var source = null;
  var panel = null;

  function showErrors(text) {
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "roadmap-serve-errors";
      panel.lang = "en";
      panel.setAttribute("role", "alert");
      panel.setAttribute("aria-label", "Build errors");
      panel.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:40vh;" +
        "overflow:auto;margin:0;padding:0.75rem 1rem;box-sizing:border-box;" +
        "background:#ffffff;color:#1a1a1a;border-top:4px solid #b00020;" +
        "box-shadow:0 -2px 8px rgba(0,0,0,0.25);font:15px/1.45 system-ui,sans-serif";
      var head = document.createElement("p");
      head.style.cssText = "margin:0 0 0.5rem;font-weight:bold;color:#8a0018";
      head.textContent = "The site does not build. The last good build is shown; " +
        "this panel goes away when the errors are fixed.";
      var hide = document.createElement("button");
      hide.type = "button";
      hide.textContent = "Hide";
      hide.style.cssText = "float:right;margin-left:1rem;font:inherit;padding:0.2rem 0.8rem;" +
        "color:#1a1a1a;background:#f2f2f2;border:2px solid #1a1a1a;border-radius:3px;cursor:pointer";
      hide.addEventListener("click", function () { panel.hidden = true; });
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere;" +
        "font:14px/1.4 ui-monospace,monospace;color:#1a1a1a";
      panel.appendChild(hide);
      panel.appendChild(head);
      panel.appendChild(pre);
      document.body.appendChild(panel);
    }
    var pre = panel.querySelector("pre");
    if (pre.textContent !== text) {
      pre.textContent = text;
      panel.hidden = false;
    }
  }

  function clearErrors() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  function onStatus(event) {
    var s;
    try { s = JSON.parse(event.data); } catch (e) { return; }
    if (s.errors) {
      showErrors(s.errors);
    } else if (built !== null && String(s.generation) !== built) {
      location.reload();
    } else {
      clearErrors();
    }
  }

  function connect() {
    if (source) return;
    source = new EventSource("/__roadmap/events");
    source.addEventListener("status", onStatus);
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  if (!document.hidden) connect();
})();
