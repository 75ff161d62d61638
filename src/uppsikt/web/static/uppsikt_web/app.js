// uppsikt web: small enhancements; every page works without them.
(function () {
  "use strict";

  // The reference picker: insert the chosen {{ … }} at the cursor of the text.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#infoga-referens");
    if (!button) { return; }
    var area = document.getElementById(button.dataset.target);
    var source = document.getElementById(button.dataset.source);
    if (!area || !source || !source.value) { return; }
    var start = area.selectionStart, end = area.selectionEnd, text = source.value;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + text.length;
  });

  // Upload progress in the <progress> element.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("framsteg");
    var detail = event.detail;
    if (bar && detail && detail.lengthComputable) {
      var percent = Math.round((detail.loaded / detail.total) * 100);
      bar.value = percent;
      bar.textContent = percent + " %";
    }
  });

  // Validation as you type: mark the field invalid when its error message is not empty.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var id = target && target.id;
    if (!id || id.indexOf("fel-") !== 0) { return; }
    var message = document.getElementById(id);
    var input = document.getElementById("v-" + id.slice(4));
    if (!message || !input) { return; }
    if (message.textContent.trim()) { input.setAttribute("aria-invalid", "true"); }
    else { input.removeAttribute("aria-invalid"); }
  });
})();
