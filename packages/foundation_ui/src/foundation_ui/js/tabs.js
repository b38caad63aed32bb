/* Tabs (cotton/ui/tabs): the WAI-ARIA tabs pattern, automatic activation, one tab stop. */
function tabsIn(list) {
  return toArray(list.querySelectorAll('[role="tab"]')).filter(function (t) { return !t.disabled; });
}
function selectTab(tab, focus) {
  var list = tab.closest('[role="tablist"]');
  if (!list) return;
  tabsIn(list).forEach(function (t) {
    var on = t === tab;
    t.setAttribute("aria-selected", on ? "true" : "false");
    t.tabIndex = on ? 0 : -1;
    var panel = document.getElementById(t.getAttribute("aria-controls"));
    if (panel) panel.hidden = !on;
  });
  if (focus) tab.focus();
  tab.dispatchEvent(new CustomEvent("fui:tabchange", { bubbles: true, detail: { tab: tab } }));
}

component("tabs", {
  click: function (e, t) {
    var tab = t.closest('[data-fui-tabs] [role="tablist"] [role="tab"]');
    if (!tab) return false;
    selectTab(tab, true);
    return true;
  },
  keydown: function (e, t) {
    var tab = t.closest('[data-fui-tabs] [role="tablist"] [role="tab"]');
    if (!tab) return false;
    var list = tab.closest('[role="tablist"]');
    var vertical = list.getAttribute("aria-orientation") === "vertical";
    var next = stepIn(tabsIn(list), tab, e.key, vertical ? "ArrowUp" : "ArrowLeft", vertical ? "ArrowDown" : "ArrowRight");
    if (next) { e.preventDefault(); selectTab(next, true); }
    return true;
  }
});
