/* Theme: the light/dark toggle (cotton/ui/theme_toggle.html), remembered in localStorage. */
var THEME_KEY = "foundation-ui-theme";
function isDark() { return document.documentElement.classList.contains("dark"); }
function syncToggles(root) {
  var dark = isDark() ? "true" : "false";
  within(root || document, "[data-fui-theme-toggle]").forEach(function (b) { b.setAttribute("aria-pressed", dark); });
}
function setTheme(theme, remember) {
  document.documentElement.classList.toggle("dark", theme === "dark");
  if (remember !== false) { try { localStorage.setItem(THEME_KEY, theme); } catch (e) { /* private mode */ } }
  syncToggles();
  document.dispatchEvent(new CustomEvent("fui:themechange", { detail: { theme: theme } }));
}
window.addEventListener("storage", function (e) { if (e.key === THEME_KEY && e.newValue) setTheme(e.newValue, false); });

component("theme", {
  click: function (e, t) {
    if (!t.closest("[data-fui-theme-toggle]")) return false;
    setTheme(isDark() ? "light" : "dark");
    return true;
  },
  wire: syncToggles
});
