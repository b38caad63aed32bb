/*
 * foundation-ui: the keyboard and screen-reader behaviour of the components, with no framework.
 * Clicks and keys are handled by listeners on the document, so components that htmx (or any script)
 * adds later work at once; a MutationObserver wires the few things that need per-element set-up
 * (tooltips, toast timers, theme toggles). window.FoundationUI exposes setTheme, toast and wire.
 */
(function () {
  "use strict";
  if (window.FoundationUI) return;

  var THEME_KEY = "foundation-ui-theme";
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary';

  /* Theme ----------------------------------------------------------------------------------- */
  function isDark() { return document.documentElement.classList.contains("dark"); }
  // Elements matching selector: root itself, if it matches, then its descendants.
  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    return root.matches && root.matches(selector) ? [root].concat(found) : found;
  }
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

  /* Dialog ---------------------------------------------------------------------------------- */
  function openDialog(dialog, opener) {
    if (!dialog || dialog.open) return;
    dialog._fuiOpener = opener || document.activeElement;
    dialog.showModal();
  }
  function focusables(container) {
    return Array.prototype.filter.call(container.querySelectorAll(FOCUSABLE), function (el) {
      return !el.closest("[hidden]") && el.getClientRects().length > 0;
    });
  }
  document.addEventListener("close", function (e) {
    var dialog = e.target;
    if (!(dialog instanceof HTMLDialogElement) || !dialog.hasAttribute("data-fui-dialog")) return;
    var opener = dialog._fuiOpener;
    dialog._fuiOpener = null;
    if (opener && document.contains(opener)) opener.focus();
  }, true);

  /* Dropdown menu --------------------------------------------------------------------------- */
  function menuOf(trigger) { return document.getElementById(trigger.getAttribute("aria-controls")); }
  function items(menu) {
    return Array.prototype.filter.call(menu.querySelectorAll('[role^="menuitem"]'), function (el) {
      return el.getAttribute("aria-disabled") !== "true";
    });
  }
  function openMenu(trigger, which) {
    var menu = menuOf(trigger);
    if (!menu) return;
    closeMenus(menu);
    menu.hidden = false;
    trigger.setAttribute("aria-expanded", "true");
    var list = items(menu);
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
    var list = items(menu);
    if (!list.length) return;
    var i = list.indexOf(document.activeElement);
    var next;
    if (key === "ArrowDown") next = list[(i + 1) % list.length];
    else if (key === "ArrowUp") next = list[(i - 1 + list.length) % list.length];
    else if (key === "Home") next = list[0];
    else if (key === "End") next = list[list.length - 1];
    else {
      var letter = key.toLowerCase();
      var ordered = list.slice(i + 1).concat(list.slice(0, i + 1));
      next = ordered.filter(function (el) { return el.textContent.trim().toLowerCase().indexOf(letter) === 0; })[0];
    }
    if (next) next.focus();
  }

  /* Tabs ------------------------------------------------------------------------------------ */
  function tabsIn(list) {
    return Array.prototype.filter.call(list.querySelectorAll('[role="tab"]'), function (t) { return !t.disabled; });
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

  /* Toasts ---------------------------------------------------------------------------------- */
  function toaster() { return document.querySelector("[data-fui-toaster]"); }
  function scheduleToast(toast) {
    if (toast._fuiTimed) return;
    toast._fuiTimed = true;
    var host = toast.closest("[data-fui-toaster]");
    var seconds = parseFloat((host && host.getAttribute("data-seconds")) || "0");
    if (!seconds || toast.getAttribute("data-variant") === "error") return;
    (function wait() {
      setTimeout(function () {
        if (toast.matches(":hover, :focus-within")) wait();
        else toast.remove();
      }, seconds * 1000);
    })();
  }
  function toast(message, level) {
    var host = toaster();
    if (!host) return null;
    var li = document.createElement("li");
    li.className = "fui-toast";
    li.setAttribute("data-variant", level || "info");
    var body = document.createElement("div");
    body.className = "fui-toast-body";
    if (level === "error") body.setAttribute("role", "alert");
    body.textContent = String(message);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "fui-toast-close";
    close.setAttribute("aria-label", host.getAttribute("data-dismiss-label") || "Dismiss");
    close.setAttribute("data-fui-dismiss", "");
    close.innerHTML = '<span aria-hidden="true">&times;</span>';
    li.appendChild(body);
    li.appendChild(close);
    host.appendChild(li);
    scheduleToast(li);
    return li;
  }
  document.addEventListener("fui:toast", function (e) {
    var d = e.detail || {};
    if (typeof d === "string") toast(d, "info");
    else if (d.message) toast(d.message, d.level || d.variant);
    else if (d.value) toast(d.value, "info");
  });

  /* Per-element set-up, for the page and for anything added later --------------------------- */
  function wire(root) {
    if (!root || !root.querySelectorAll) return;
    within(root, "[data-fui-tooltip]").forEach(function (wrap) {
      var tip = wrap.querySelector('[role="tooltip"]');
      var target = wrap.querySelector(FOCUSABLE) || wrap.firstElementChild;
      if (!tip || !target || target === tip) return;
      var ids = (target.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (ids.indexOf(tip.id) < 0) { ids.push(tip.id); target.setAttribute("aria-describedby", ids.join(" ")); }
    });
    syncToggles(root);
    within(root, ".fui-toast").forEach(scheduleToast);
  }

  document.addEventListener("click", function (e) {
    var t = e.target instanceof Element ? e.target : null;
    if (!t) return;
    var el;
    if ((el = t.closest("[data-fui-theme-toggle]"))) { setTheme(isDark() ? "light" : "dark"); return; }
    if ((el = t.closest("[data-fui-open]"))) { openDialog(document.getElementById(el.getAttribute("data-fui-open")), el); return; }
    if ((el = t.closest("[data-fui-close]"))) { var d = el.closest("dialog"); if (d) d.close(); return; }
    if ((el = t.closest("[data-fui-dismiss]"))) { var item = el.closest(".fui-toast"); if (item) item.remove(); return; }
    if (t instanceof HTMLDialogElement && t.open && t.hasAttribute("data-fui-dialog")) {
      var r = t.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) t.close();
      return;
    }
    var trigger = t.closest('[data-fui-dropdown] > [aria-haspopup="menu"]');
    if (trigger) {
      var m = menuOf(trigger);
      if (m && !m.hidden) closeMenu(m, true); else openMenu(trigger, "first");
      return;
    }
    var menuitem = t.closest('[data-fui-dropdown] [role^="menuitem"]');
    if (menuitem) { closeMenu(menuitem.closest('[role="menu"]'), true); return; }
    if (!t.closest('[data-fui-dropdown] > [role="menu"]')) closeMenus(null);
    var tab = t.closest('[role="tablist"] [role="tab"]');
    if (tab && tab.closest("[data-fui-tabs]")) selectTab(tab, true);
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target instanceof Element ? e.target : null;
    if (!t || e.altKey || e.ctrlKey || e.metaKey) return;
    var key = e.key;

    var trigger = t.closest('[data-fui-dropdown] > [aria-haspopup="menu"]');
    if (trigger && (key === "ArrowDown" || key === "ArrowUp")) {
      e.preventDefault();
      openMenu(trigger, key === "ArrowUp" ? "last" : "first");
      return;
    }
    var menu = t.closest('[data-fui-dropdown] > [role="menu"]');
    if (menu) {
      if (key === "Escape") { e.preventDefault(); closeMenu(menu, true); return; }
      if (key === "Tab") { closeMenu(menu, false); return; }
      if (key === "ArrowDown" || key === "ArrowUp" || key === "Home" || key === "End" || (key.length === 1 && key !== " ")) {
        e.preventDefault();
        moveInMenu(menu, key);
      }
      return;
    }

    var tab = t.closest('[data-fui-tabs] [role="tablist"] [role="tab"]');
    if (tab) {
      var list = tab.closest('[role="tablist"]');
      var all = tabsIn(list);
      var i = all.indexOf(tab);
      var vertical = list.getAttribute("aria-orientation") === "vertical";
      var next = null;
      if (key === (vertical ? "ArrowDown" : "ArrowRight")) next = all[(i + 1) % all.length];
      else if (key === (vertical ? "ArrowUp" : "ArrowLeft")) next = all[(i - 1 + all.length) % all.length];
      else if (key === "Home") next = all[0];
      else if (key === "End") next = all[all.length - 1];
      if (next) { e.preventDefault(); selectTab(next, true); }
      return;
    }

    if (key === "Escape") {
      // WCAG 1.4.13: Escape hides a tooltip shown by focus or by the pointer, wherever focus is.
      var shown = Array.prototype.filter.call(document.querySelectorAll("[data-fui-tooltip]:not([data-dismissed])"), function (w) {
        return w.matches(":hover") || w.contains(t);
      });
      shown.forEach(function (w) { w.setAttribute("data-dismissed", ""); });
      if (shown.length) { e.stopPropagation(); return; }
    }

    if (key === "Tab") {
      var dialog = t.closest("dialog[open][data-fui-dialog]");
      if (!dialog) return;
      var f = focusables(dialog);
      if (!f.length) { e.preventDefault(); return; }
      var first = f[0], last = f[f.length - 1];
      if (e.shiftKey && (t === first || t === dialog)) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && t === last) { e.preventDefault(); first.focus(); }
    }
  });

  ["mouseleave", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var wrap = e.target instanceof Element && e.target.closest("[data-fui-tooltip][data-dismissed]");
      if (wrap && !(e.relatedTarget instanceof Node && wrap.contains(e.relatedTarget))) wrap.removeAttribute("data-dismissed");
    }, true);
  });

  function start() {
    syncToggles();
    wire(document.body);
    // Toasts rendered with the page are moved into the live region again, so screen readers announce them.
    var host = toaster();
    if (host && host.children.length) {
      var present = Array.prototype.slice.call(host.children);
      present.forEach(function (n) { host.removeChild(n); });
      setTimeout(function () { present.forEach(function (n) { host.appendChild(n); }); }, 50);
    }
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
})();
