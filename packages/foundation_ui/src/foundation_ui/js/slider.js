/* Slider (cotton/ui/slider): a native range input; the script only paints the filled part of the
 * track, through the --fui-fill custom property (set with the CSSOM, so a strict CSP allows it). */
function paintSlider(input) {
  var min = parseFloat(input.min) || 0, max = parseFloat(input.max), value = parseFloat(input.value);
  if (isNaN(max)) max = 100;
  var fill = max > min ? ((value - min) / (max - min)) * 100 : 0;
  input.style.setProperty("--fui-fill", fill + "%");
}
document.addEventListener("input", function (e) {
  if (e.target instanceof HTMLInputElement && e.target.hasAttribute("data-fui-slider")) paintSlider(e.target);
});
component("slider", {
  wire: function (root) { within(root, "[data-fui-slider]").forEach(paintSlider); }
});
