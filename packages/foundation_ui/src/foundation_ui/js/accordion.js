/* Accordion (cotton/ui/accordion): <details> items; the arrow keys, Home and End move between their
 * headings, as the WAI-ARIA accordion pattern allows. Opening and closing is the browser's. */
component("accordion", {
  keydown: function (e, t) {
    if (!t.matches("[data-fui-accordion] > details > summary")) return false;
    var all = toArray(t.closest("[data-fui-accordion]").querySelectorAll(":scope > details > summary"));
    var next = stepIn(all, t, e.key, "ArrowUp", "ArrowDown");
    if (!next) return false;
    e.preventDefault();
    next.focus();
    return true;
  }
});
