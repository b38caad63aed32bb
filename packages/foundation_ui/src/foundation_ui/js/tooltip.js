/* Tooltip and hover card (cotton/ui/tooltip, hover_card): shown on hover and focus by CSS, and per
 * WCAG 1.4.13 hoverable (the content itself keeps it open) and dismissed by Escape. A tooltip is
 * tied to its element with aria-describedby. */
var HOVERABLE = "[data-fui-tooltip], [data-fui-hover]";
component("tooltip", {
  keydown: function (e, t) {
    if (e.key !== "Escape") return false;
    var shown = toArray(document.querySelectorAll(HOVERABLE)).filter(function (w) { return !w.hasAttribute("data-dismissed"); }).filter(function (w) {
      return w.matches(":hover") || w.contains(t);
    });
    shown.forEach(function (w) { w.setAttribute("data-dismissed", ""); });
    if (!shown.length) return false;
    e.stopPropagation();
    return true;
  },
  wire: function (root) {
    within(root, "[data-fui-tooltip]").forEach(function (wrap) {
      var tip = wrap.querySelector('[role="tooltip"]');
      var target = wrap.querySelector(FOCUSABLE) || wrap.firstElementChild;
      if (!tip || !target || target === tip) return;
      var ids = (target.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (ids.indexOf(tip.id) < 0) { ids.push(tip.id); target.setAttribute("aria-describedby", ids.join(" ")); }
    });
  }
});
// Dismissed stays dismissed until the pointer and focus have both left.
["mouseleave", "focusout"].forEach(function (type) {
  document.addEventListener(type, function (e) {
    var wrap = e.target instanceof Element && e.target.closest(HOVERABLE);
    if (wrap && wrap.hasAttribute("data-dismissed") && !(e.relatedTarget instanceof Node && wrap.contains(e.relatedTarget))) wrap.removeAttribute("data-dismissed");
  }, true);
});
