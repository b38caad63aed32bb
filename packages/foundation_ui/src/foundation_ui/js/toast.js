/* Toasts (cotton/ui/toasts): Django's messages and FoundationUI.toast(), in a polite live region. */
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
// Toasts rendered with the page are put into the live region again, so screen readers announce them.
function announcePageToasts() {
  var host = toaster();
  if (!host || !host.children.length) return;
  var present = toArray(host.children);
  present.forEach(function (n) { host.removeChild(n); });
  setTimeout(function () { present.forEach(function (n) { host.appendChild(n); }); }, 50);
}

component("toast", {
  click: function (e, t) {
    var el = t.closest("[data-fui-dismiss]");
    if (!el) return false;
    var item = el.closest(".fui-toast");
    if (item) item.remove();
    return true;
  },
  wire: function (root) { within(root, ".fui-toast").forEach(scheduleToast); }
});
