// Small comforts only; every form works without this script.
// The drop zone: the file input covers it, so dropping files works natively; this shows
// the chosen names and highlights the zone while files are dragged over it.
document.querySelectorAll(".drop").forEach(function (zone) {
  var input = zone.querySelector("input[type=file]");
  var out = zone.querySelector(".chosen");
  if (!input || !out) return;
  input.addEventListener("change", function () {
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    out.textContent = names.length ? "Đã chọn " + names.length + " tệp: " + names.join(", ") : "";
  });
  ["dragenter", "dragover"].forEach(function (ev) {
    input.addEventListener(ev, function () { zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    input.addEventListener(ev, function () { zone.classList.remove("over"); });
  });
  // Files dropped anywhere on the zone (not only on the input itself) are taken the same way.
  zone.addEventListener("drop", function (ev) {
    if (!ev.dataTransfer || !ev.dataTransfer.files.length) return;
    ev.preventDefault();
    input.files = ev.dataTransfer.files;
    input.dispatchEvent(new Event("change"));
  });
  zone.addEventListener("dragover", function (ev) { ev.preventDefault(); });
});
// Show which extra fields matter: the totals' unit name and list only for "Tổng hợp".
document.querySelectorAll("form").forEach(function (form) {
  var extra = form.querySelectorAll(".total-only");
  var radios = form.querySelectorAll("input[name=kind]");
  if (!extra.length || !radios.length) return;
  function update() {
    var chosen = form.querySelector("input[name=kind]:checked");
    var show = chosen && chosen.value === "total";
    extra.forEach(function (el) { el.hidden = !show; });
  }
  radios.forEach(function (r) { r.addEventListener("change", update); });
  update();
});
