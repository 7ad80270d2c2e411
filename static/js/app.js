// Groepsaanpak: small progressive enhancements. Pages work without this file.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // Submit the language form as soon as a language is chosen (the button stays for no-JS use).
  const lang = document.getElementById("lang-select");
  if (lang) lang.addEventListener("change", () => lang.form.submit());

  // Narrow screens: the main menu folds behind one button (CSS decides when it is folded).
  const toggle = document.querySelector(".app-menu-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.closest(".app-header").classList.toggle("is-open", open);
    });
  }

  // Narrow screens show a table as a list of cards: each cell gets its column's heading.
  document.querySelectorAll("main table").forEach((table) => {
    const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, i) => {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    });
  });

  // A form that was refused: focus its error summary, so the reader hears what to fix first
  // (NL Design System: error summary at the top, each error a link to its field).
  const summary = document.querySelector(".app-error-summary");
  if (summary) summary.focus();

  // Quick signal: "Mijn locatie" asks the browser for the position (with permission);
  // coordinates are never typed by hand.
  document.querySelectorAll("[data-geolocate]").forEach((button) => {
    if (!("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const form = button.form;
      const status = document.getElementById(button.dataset.geolocate);
      status.textContent = button.dataset.busy;
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          form.elements.latitude.value = pos.coords.latitude.toFixed(6);
          form.elements.longitude.value = pos.coords.longitude.toFixed(6);
          if (!form.elements.location.value) form.elements.location.value = button.dataset.placeholder;
          status.textContent = button.dataset.done;
        },
        () => { status.textContent = button.dataset.failed; },
        { timeout: 10000, maximumAge: 60000 },
      );
    });
  });
});
