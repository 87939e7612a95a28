// recoupe pages work without this script; it only makes them handier:
// citations open the cited sentence in place, highlight kinds can be hidden, ingest progress updates live.
"use strict";

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.cite[data-cite]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const box = document.getElementById(link.dataset.cite);
  if (!box) return;
  event.preventDefault();
  box.hidden = !box.hidden;
  link.setAttribute("aria-expanded", String(!box.hidden));
  link.classList.toggle("open", !box.hidden);
  if (!box.hidden) box.scrollIntoView({ block: "nearest", behavior: "smooth" });
});

for (const toggle of document.querySelectorAll("input[data-toggle]")) {
  const text = document.getElementById("text");
  const apply = () => text && text.classList.toggle("hide-" + toggle.dataset.toggle, !toggle.checked);
  toggle.addEventListener("change", apply);
  apply();
}

function pollJob(jobId) {
  const bar = document.getElementById("job-progress");
  const message = document.getElementById("job-message");
  const tick = async () => {
    let job;
    try {
      const response = await fetch("/api/jobs/" + encodeURIComponent(jobId), { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(response.status);
      job = await response.json();
    } catch (err) {
      message.textContent = "Lost contact with the server; retrying…";
      setTimeout(tick, 2000);
      return;
    }
    bar.max = Math.max(job.total, 1);
    bar.value = job.finished ? bar.max : job.done;
    message.textContent = job.message;
    if (job.finished) window.location.reload();
    else setTimeout(tick, 500);
  };
  tick();
}

if (document.body.dataset.job && document.body.dataset.finished === "no") pollJob(document.body.dataset.job);
