// The half-year report's job page: poll the job's status every 2 seconds while it is being
// made, update the <progress> element and its status text (aria-live), and reload the page once
// when it is finished, so the download link appears. No inline script (strict CSP).
(function () {
  "use strict";
  var job = document.getElementById("job");
  if (!job || job.getAttribute("data-finished") === "1") return;
  var url = job.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.total) { bar.max = data.total; bar.value = data.done; }
        bar.textContent = data.done + " / " + data.total;
        if (text.textContent !== data.text) text.textContent = data.text;
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
