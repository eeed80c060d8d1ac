// The new-experiment form: shows the chosen kind's own fields only, and asks the service what the
// schedule as typed will cost. Everything it writes into the page is text.
(function () {
  "use strict";
  var form = document.getElementById("experiment-form");
  if (!form) {
    return;
  }
  var kind = document.getElementById("f-kind");

  function showKindFields() {
    form.querySelectorAll("[data-kind]").forEach(function (field) {
      field.hidden = field.getAttribute("data-kind") !== kind.value;
    });
  }

  var pending = null;
  function value(name) {
    var input = form.elements[name];
    return input ? input.value : "";
  }

  function updateCost() {
    var query = new URLSearchParams();
    ["initial", "budget", "rounds", "epochs", "architecture"].forEach(function (name) {
      query.set(name, value(name));
    });
    fetch("/console/experiments/new/cost?" + query.toString(), { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (cost) {
        if (!cost) {
          return;
        }
        document.getElementById("cost-labels").textContent = cost.labels;
        document.getElementById("cost-image-epochs").textContent = cost.imageEpochs;
        document.getElementById("cost-time").textContent = cost.time;
      })
      .catch(function () { /* the figures shown stay; the server still checks the submit */ });
  }

  function costSoon() {
    clearTimeout(pending);
    pending = setTimeout(updateCost, 250);
  }

  if (kind) {
    kind.addEventListener("change", showKindFields);
    showKindFields();
  }
  // After a refusal the keyboard starts at the first field the service named.
  var refused = form.querySelector("[aria-invalid='true']");
  if (refused) {
    refused.focus();
  }
  ["initial", "budget", "rounds", "epochs", "architecture"].forEach(function (name) {
    var input = form.elements[name];
    if (input) {
      input.addEventListener("input", costSoon);
      input.addEventListener("change", costSoon);
    }
  });
})();
