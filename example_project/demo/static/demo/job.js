// Polls the job's status until it is finished, then shows the answer or the error. No framework.
(function () {
  var card = document.getElementById("job");
  if (!card) return;
  var url = card.getAttribute("data-job-status-url");
  var status = document.getElementById("job-status");
  var answer = document.getElementById("job-answer");
  var error = document.getElementById("job-error");
  var delay = 500;

  function show(job) {
    status.textContent = job.status;
    if (job.status === "done") {
      answer.textContent = job.answer;
    } else if (job.status === "failed") {
      error.textContent = job.error + (job.help ? " " + job.help : "");
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (!job.finished) {
          delay = Math.min(delay * 1.5, 5000);
          setTimeout(poll, delay);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  if (status.textContent === "queued" || status.textContent === "running") poll();
})();
