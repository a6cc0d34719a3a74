// Editing a draft: text sections grow with their content, and each shows a live preview rendered
// by the server with the same Markdown rules as the revision page (POST /revisions/preview).
// Static file: the Content-Security-Policy forbids inline script.
document.addEventListener("DOMContentLoaded", () => {
  const grow = (area) => {
    area.style.height = "auto";
    area.style.height = `${area.scrollHeight + 2}px`;
  };
  document.querySelectorAll("textarea[data-autogrow]").forEach((area) => {
    area.style.overflowY = "hidden";
    grow(area);
    area.addEventListener("input", () => grow(area));
  });
  window.addEventListener("resize", () => {
    document.querySelectorAll("textarea[data-autogrow]").forEach(grow);
  });

  document.querySelectorAll("textarea[data-preview]").forEach((area) => {
    const box = document.querySelector(area.dataset.preview);
    const form = area.closest("form");
    const token = form && form.querySelector("input[name='csrf_token']");
    if (!box) return;
    let timer = null;
    let sent = 0;
    const render = () => {
      const mine = ++sent;
      fetch(area.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          ...(token ? { "X-CSRFToken": token.value } : {}),
        },
        body: JSON.stringify({ text: area.value }),
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          if (mine !== sent) return; // an older answer arriving late
          // Sanitised by the server (nh3, the same allow-list as the revision page).
          box.innerHTML = data.html;
          box.classList.toggle("text-muted", !data.html);
        })
        .catch(() => {
          if (mine === sent) box.textContent = box.dataset.previewError || "";
        });
    };
    area.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 400);
    });
    if (area.value) render();
  });
});
