// The portal's one script: a print button on the receipt (the page works without it).
document.addEventListener("DOMContentLoaded", function () {
  var b = document.getElementById("print");
  if (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  }
});
