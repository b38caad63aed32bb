/* Shared helpers, and the table of components: each file adds itself with component(name, handlers).
 * A component's handlers: click(e, target), keydown(e, target), wire(root); a handler returns true
 * when the event was its own, and no later component sees it. */
if (window.FoundationUI) return;

var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary';
var components = [];
function component(name, handlers) { handlers.name = name; components.push(handlers); }

function toArray(list) { return Array.prototype.slice.call(list); }
// Elements matching selector: root itself, if it matches, then its descendants.
function within(root, selector) {
  var found = toArray(root.querySelectorAll(selector));
  return root.matches && root.matches(selector) ? [root].concat(found) : found;
}
function focusables(container) {
  return toArray(container.querySelectorAll(FOCUSABLE)).filter(function (el) {
    return !el.closest("[hidden]") && el.getClientRects().length > 0;
  });
}
// The next item of a list for an arrow, Home or End key (wrapping), or null for another key.
function stepIn(list, current, key, previousKey, nextKey) {
  var i = list.indexOf(current);
  if (key === nextKey) return list[(i + 1) % list.length];
  if (key === previousKey) return list[(i - 1 + list.length) % list.length];
  if (key === "Home") return list[0];
  if (key === "End") return list[list.length - 1];
  return null;
}
