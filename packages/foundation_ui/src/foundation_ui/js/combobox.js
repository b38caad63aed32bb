/* Combobox (cotton/ui/combobox): a <select> in the HTML, which the script turns into a text box with
 * a listbox popup (the WAI-ARIA combobox pattern, list autocomplete). The <select> stays in the form,
 * hidden, and keeps the chosen value, so the form posts what it always did. */
var comboboxes = 0;
function comboOptions(box) { return toArray(box._fuiList.querySelectorAll('[role="option"]:not([hidden])')); }
function comboOpen(box, open) {
  var input = box._fuiInput, list = box._fuiList;
  list.hidden = !open;
  input.setAttribute("aria-expanded", open ? "true" : "false");
  if (!open) { input.removeAttribute("aria-activedescendant"); comboHighlight(box, null); }
}
function comboHighlight(box, option) {
  toArray(box._fuiList.querySelectorAll('[role="option"]')).forEach(function (o) { o.classList.toggle("fui-active", o === option); });
  if (option) {
    box._fuiInput.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }
}
function comboFilter(box) {
  var text = box._fuiInput.value.trim().toLowerCase();
  var shown = 0;
  toArray(box._fuiList.querySelectorAll('[role="option"]')).forEach(function (o) {
    var match = !text || o.textContent.toLowerCase().indexOf(text) >= 0;
    o.hidden = !match;
    if (match) shown++;
  });
  box._fuiEmpty.hidden = shown > 0;
}
function comboChoose(box, option) {
  var select = box._fuiSelect;
  select.value = option.getAttribute("data-value");
  box._fuiInput.value = option.textContent;
  toArray(box._fuiList.querySelectorAll('[role="option"]')).forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); });
  select.dispatchEvent(new Event("change", { bubbles: true }));
  comboOpen(box, false);
}
// The text box shows the chosen option again, e.g. after typing that matched nothing.
function comboRevert(box) {
  var chosen = box._fuiSelect.selectedOptions[0];
  box._fuiInput.value = chosen && chosen.value !== "" ? chosen.textContent : "";
}
function enhanceCombobox(box) {
  if (box._fuiInput) return;
  var select = box.querySelector("select");
  if (!select) return;
  var n = ++comboboxes;
  var id = select.id || "fui-combobox-" + n;
  var input = document.createElement("input");
  var list = document.createElement("ul");
  var empty = document.createElement("li");
  input.type = "text";
  input.className = "fui-input fui-combobox-input";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  input.setAttribute("aria-controls", id + "-listbox");
  ["aria-invalid", "aria-describedby", "required", "disabled"].forEach(function (a) {
    if (select.hasAttribute(a)) input.setAttribute(a, select.getAttribute(a));
  });
  if (box.getAttribute("data-placeholder")) input.placeholder = box.getAttribute("data-placeholder");
  // The label's for= names the select's id: the text box takes it, the select a derived one.
  select.id = id + "-select";
  input.id = id;
  list.id = id + "-listbox";
  list.className = "fui-combobox-list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  var label = document.querySelector('label[for="' + id + '"]');
  if (label) { label.id = label.id || id + "-label"; list.setAttribute("aria-labelledby", label.id); }
  toArray(select.options).forEach(function (o, i) {
    if (o.value === "") return;
    var li = document.createElement("li");
    li.id = id + "-option-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("data-value", o.value);
    li.setAttribute("aria-selected", o.selected ? "true" : "false");
    li.textContent = o.textContent;
    list.appendChild(li);
  });
  empty.className = "fui-combobox-empty";
  empty.textContent = box.getAttribute("data-empty") || "";
  empty.hidden = true;
  empty.setAttribute("role", "presentation");
  list.appendChild(empty);
  select.hidden = true;
  select.tabIndex = -1;
  box._fuiSelect = select;
  box._fuiInput = input;
  box._fuiList = list;
  box._fuiEmpty = empty;
  box.insertBefore(input, select);
  box.insertBefore(list, select);
  comboRevert(box);
  input.addEventListener("input", function () { comboFilter(box); comboOpen(box, true); comboHighlight(box, comboOptions(box)[0] || null); });
  input.addEventListener("blur", function () { setTimeout(function () { if (!box.contains(document.activeElement)) { comboOpen(box, false); comboRevert(box); } }, 0); });
  list.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep focus in the text box
}

component("combobox", {
  click: function (e, t) {
    var option = t.closest('[data-fui-combobox] [role="option"]');
    if (option) { comboChoose(option.closest("[data-fui-combobox]"), option); return true; }
    var input = t.closest("[data-fui-combobox] > [role=combobox]");
    if (input) { var box = input.parentNode; comboFilter(box); comboOpen(box, box._fuiList.hidden); return true; }
    return false;
  },
  keydown: function (e, t) {
    if (!t.matches("[data-fui-combobox] > [role=combobox]")) return false;
    var box = t.parentNode, key = e.key, open = !box._fuiList.hidden;
    var options = comboOptions(box);
    var current = box._fuiList.querySelector(".fui-active");
    if (key === "ArrowDown" || key === "ArrowUp") {
      e.preventDefault();
      if (!open) { comboFilter(box); comboOpen(box, true); options = comboOptions(box); if (e.altKey) return true; }
      if (!options.length) return true;
      var next = current ? stepIn(options, current, key, "ArrowUp", "ArrowDown") : options[key === "ArrowUp" ? options.length - 1 : 0];
      comboHighlight(box, next);
    } else if (key === "Enter" && open && current) {
      e.preventDefault();
      comboChoose(box, current);
    } else if (key === "Escape") {
      if (open) { e.preventDefault(); e.stopPropagation(); comboOpen(box, false); comboRevert(box); }
      else if (t.value) { e.preventDefault(); t.value = ""; }
    } else if (key === "Tab" && open) {
      comboOpen(box, false);
      comboRevert(box);
    } else return false;
    return true;
  },
  wire: function (root) { within(root, "[data-fui-combobox]").forEach(enhanceCombobox); }
});
