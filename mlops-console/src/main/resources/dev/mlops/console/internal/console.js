// The console's only script: served from the console itself (the content security policy allows
// no other), it never handles values from the registry. Every page works without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filters apply as soon as they change.
  for (const control of document.querySelectorAll("[data-autosubmit]")) {
    control.addEventListener("change", () => control.form.requestSubmit());
  }

  // The run comparison needs two runs or more.
  const compare = document.getElementById("compare-form");
  if (compare) {
    const button = document.getElementById("compare");
    const count = document.getElementById("selected-count");
    const update = () => {
      const selected = compare.querySelectorAll("input[name=run]:checked").length;
      button.disabled = selected < 2;
      count.textContent = selected + " selected" + (selected < 2 ? " (choose two or more)" : "");
    };
    compare.addEventListener("change", update);
    update();
  }
});
