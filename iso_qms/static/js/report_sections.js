// The report page: each section's copy button puts that section alone on the clipboard, its
// heading first and one item per line, as the official pastes it into the báo cáo CCHC.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy-section]").forEach((button) => {
    button.addEventListener("click", () => {
      const section = document.querySelector(button.dataset.copySection);
      if (!section || !navigator.clipboard) return;
      navigator.clipboard.writeText(section.dataset.copyText).then(() => {
        button.setAttribute("aria-live", "polite");
        const label = button.firstChild.textContent;
        button.firstChild.textContent = button.dataset.copied;
        window.setTimeout(() => { button.firstChild.textContent = label; }, 1500);
      });
    });
  });
});
