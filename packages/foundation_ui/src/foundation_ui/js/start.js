/* The document's listeners hand each event to the components in table order; a MutationObserver
 * wires markup added later (htmx swaps), so new components work at once. */
function wire(root) {
  if (!root || !root.querySelectorAll) return;
  components.forEach(function (c) { if (c.wire) c.wire(root); });
}
function dispatch(type) {
  return function (e) {
    var t = e.target instanceof Element ? e.target : null;
    if (!t) return;
    if (type === "keydown" && (e.altKey || e.ctrlKey || e.metaKey)) return;
    for (var i = 0; i < components.length; i++) {
      var handler = components[i][type];
      if (handler && handler(e, t)) return;
    }
  };
}
document.addEventListener("click", dispatch("click"));
document.addEventListener("keydown", dispatch("keydown"));

function start() {
  wire(document.body);
  announcePageToasts();
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) { if (n.nodeType === 1) wire(n); });
    });
  }).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("htmx:historyRestore", function () { wire(document.body); });
}

window.FoundationUI = { setTheme: setTheme, toast: toast, wire: wire, openDialog: openDialog };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
