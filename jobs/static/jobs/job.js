// Follows a background job's progress until it finishes, then reloads to show the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.jobStatusUrl;
  var bar = box.querySelector("[data-job-progress]");
  var status = box.querySelector("[data-job-status]");
  var message = box.querySelector("[data-job-message]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        status.textContent = data.status_display;
        message.textContent = data.message;
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
