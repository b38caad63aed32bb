/* Toggle (cotton/ui/toggle): a button with aria-pressed. Enter and Space click it, as any button. */
component("toggle", {
  click: function (e, t) {
    var button = t.closest("[data-fui-toggle]");
    if (!button || button.disabled) return false;
    var pressed = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.dispatchEvent(new CustomEvent("fui:toggle", { bubbles: true, detail: { pressed: pressed } }));
    return true;
  }
});
