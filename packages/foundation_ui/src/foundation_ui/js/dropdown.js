/* Dropdown menu (cotton/ui/dropdown): the WAI-ARIA menu button pattern, with typeahead. */
function menuOf(trigger) { return document.getElementById(trigger.getAttribute("aria-controls")); }
function menuItems(menu) {
  return toArray(menu.querySelectorAll('[role^="menuitem"]')).filter(function (el) {
    return el.getAttribute("aria-disabled") !== "true";
  });
}
function openMenu(trigger, which) {
  var menu = menuOf(trigger);
  if (!menu) return;
  closeMenus(menu);
  menu.hidden = false;
  trigger.setAttribute("aria-expanded", "true");
  var list = menuItems(menu);
  var target = which === "last" ? list[list.length - 1] : list[0];
  (target || menu).focus();
}
function closeMenu(menu, refocus) {
  if (!menu || menu.hidden) return;
  menu.hidden = true;
  var trigger = document.getElementById(menu.getAttribute("aria-labelledby"));
  if (trigger) {
    trigger.setAttribute("aria-expanded", "false");
    if (refocus) trigger.focus();
  }
}
function closeMenus(except) {
  document.querySelectorAll('[data-fui-dropdown] > [role="menu"]:not([hidden])').forEach(function (m) {
    if (m !== except) closeMenu(m, false);
  });
}
function moveInMenu(menu, key) {
  var list = menuItems(menu);
  if (!list.length) return;
  var next = stepIn(list, document.activeElement, key, "ArrowUp", "ArrowDown");
  if (!next) {
    var i = list.indexOf(document.activeElement);
    var letter = key.toLowerCase();
    var ordered = list.slice(i + 1).concat(list.slice(0, i + 1));
    next = ordered.filter(function (el) { return el.textContent.trim().toLowerCase().indexOf(letter) === 0; })[0];
  }
  if (next) next.focus();
}

component("dropdown", {
  click: function (e, t) {
    var trigger = t.closest('[data-fui-dropdown] > [aria-haspopup="menu"]');
    if (trigger) {
      var m = menuOf(trigger);
      if (m && !m.hidden) closeMenu(m, true); else openMenu(trigger, "first");
      return true;
    }
    var item = t.closest('[data-fui-dropdown] [role^="menuitem"]');
    if (item) { closeMenu(item.closest('[role="menu"]'), true); return true; }
    if (!t.closest('[data-fui-dropdown] > [role="menu"]')) closeMenus(null);
    return false;
  },
  keydown: function (e, t) {
    var key = e.key;
    var trigger = t.closest('[data-fui-dropdown] > [aria-haspopup="menu"]');
    if (trigger && (key === "ArrowDown" || key === "ArrowUp")) {
      e.preventDefault();
      openMenu(trigger, key === "ArrowUp" ? "last" : "first");
      return true;
    }
    var menu = t.closest('[data-fui-dropdown] > [role="menu"]');
    if (!menu) return false;
    if (key === "Escape") { e.preventDefault(); closeMenu(menu, true); }
    else if (key === "Tab") closeMenu(menu, false);
    else if (key === "ArrowDown" || key === "ArrowUp" || key === "Home" || key === "End" || (key.length === 1 && key !== " ")) {
      e.preventDefault();
      moveInMenu(menu, key);
    }
    return true;
  }
});
