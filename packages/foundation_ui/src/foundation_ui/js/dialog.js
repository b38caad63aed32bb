/* Dialog, alert dialog and sheet (cotton/ui/dialog, alert_dialog, sheet): native <dialog> opened
 * modal; focus stays inside, Escape closes, focus returns to the opener. */
function openDialog(dialog, opener) {
  if (!dialog || dialog.open) return;
  dialog._fuiOpener = opener || document.activeElement;
  dialog.showModal();
}
document.addEventListener("close", function (e) {
  var dialog = e.target;
  if (!(dialog instanceof HTMLDialogElement) || !dialog.hasAttribute("data-fui-dialog")) return;
  var opener = dialog._fuiOpener;
  dialog._fuiOpener = null;
  if (opener && document.contains(opener)) opener.focus();
}, true);

component("dialog", {
  click: function (e, t) {
    var el;
    if ((el = t.closest("[data-fui-open]"))) { openDialog(document.getElementById(el.getAttribute("data-fui-open")), el); return true; }
    if ((el = t.closest("[data-fui-close]"))) { var d = el.closest("dialog"); if (d) d.close(el.value || undefined); return true; }
    // A click on the backdrop closes a dialog or a sheet, never an alert dialog (it needs an answer).
    if (t instanceof HTMLDialogElement && t.open && t.hasAttribute("data-fui-dialog")) {
      var r = t.getBoundingClientRect();
      var outside = e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom;
      if (outside && t.getAttribute("role") !== "alertdialog") t.close();
      return true;
    }
    return false;
  },
  keydown: function (e, t) {
    if (e.key !== "Tab") return false;
    var dialog = t.closest("dialog[open][data-fui-dialog]");
    if (!dialog) return false;
    var f = focusables(dialog);
    if (!f.length) { e.preventDefault(); return true; }
    var first = f[0], last = f[f.length - 1];
    if (e.shiftKey && (t === first || t === dialog)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && t === last) { e.preventDefault(); first.focus(); }
    return true;
  }
});
