// iso_qms: small behaviours without inline script (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", () => {
  // Forms marked data-autosubmit submit when a select changes (the language switch).
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // Buttons with data-confirm ask before submitting.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Buttons with data-copy-target copy the text of the element it names.
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    button.addEventListener("click", () => {
      const target = document.querySelector(button.dataset.copyTarget);
      if (target && navigator.clipboard) navigator.clipboard.writeText(target.innerText);
    });
  });
  // A table that scrolls inside its card can be scrolled from the keyboard too: it takes the
  // focus (and is named after the nearest heading) only while it is wider than its card.
  const scrollables = document.querySelectorAll(".table-responsive");
  const markScrollable = () => {
    scrollables.forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          const table = box.querySelector("table");
          const caption = table && table.caption;
          let heading = box.previousElementSibling;
          while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
          const name = (caption || heading || document.querySelector("h1"))?.textContent.trim();
          if (name) box.setAttribute("aria-label", name);
        }
      }
    });
  };
  markScrollable();
  window.addEventListener("resize", markScrollable);
});
