// Streams the answer into the page as the model writes it (server-sent events), shows an error where
// it happened, and stops the job from the Stop button without leaving the page. Browsers without
// EventSource poll the job's status instead; without JavaScript the page reloads itself. No framework.
(function () {
  var card = document.getElementById("job");
  if (!card) return;
  var status = document.getElementById("job-status");
  var answer = document.getElementById("job-answer");
  var error = document.getElementById("job-error");
  var stop = document.getElementById("job-stop");
  var HELP = JSON.parse(document.getElementById("job-help").textContent);  // the view's HELP

  function finish(job) {
    status.textContent = job.status;
    if (job.status === "done") answer.textContent = job.answer;
    if (job.status === "failed") {
      // After the words that came before it: the error shows where the answer broke off.
      var help = HELP[job.error_code];
      error.textContent = job.error + (help ? " " + help : "");
    }
    if (stop) stop.hidden = true;
  }

  if (!/^(queued|running)$/.test(status.textContent)) return;

  if (stop) {
    stop.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(stop.action, { method: "POST", body: new FormData(stop), credentials: "same-origin" });
      stop.querySelector("button").disabled = true;
    });
  }

  if (!window.EventSource) {
    var delay = 500;
    var poll = function () {
      fetch(card.getAttribute("data-job-status-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          if (job.finished) return finish(job);
          status.textContent = job.status;
          setTimeout(poll, (delay = Math.min(delay * 1.5, 5000)));
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    return poll();
  }

  var source = new EventSource(card.getAttribute("data-job-events-url"));
  source.addEventListener("start", function () {
    // A run begins (again, if a worker died): what an earlier run wrote is replaced.
    status.textContent = "running";
    answer.textContent = "";
  });
  source.addEventListener("chunk", function (event) {
    status.textContent = "running";
    answer.appendChild(document.createTextNode(JSON.parse(event.data).text));
  });
  source.addEventListener("end", function (event) {
    source.close();
    finish(JSON.parse(event.data));
  });
})();
