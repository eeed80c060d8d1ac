// The data sets page's upload: posts the archive to POST /datasets with the browser's own upload
// progress, and shows the service's refusal next to the field it concerns. Text only, never markup.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) {
    return;
  }
  var name = document.getElementById("upload-name");
  var file = document.getElementById("upload-file");
  var progress = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var button = document.getElementById("upload-button");

  function showError(input, text) {
    var error = document.getElementById(input.id + "-error");
    error.textContent = text || "";
    error.hidden = !text;
    if (text) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
  }

  function contentType(fileName) {
    var lower = fileName.toLowerCase();
    if (lower.endsWith(".zip")) {
      return "application/zip";
    }
    if (lower.endsWith(".tar")) {
      return "application/x-tar";
    }
    if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
      return "application/gzip";
    }
    return "application/octet-stream";
  }

  function problems(request) {
    try {
      var body = JSON.parse(request.responseText);
      if (body && body.errors && body.errors.length) {
        return body.errors.join(" ");
      }
    } catch (notJson) {
      // Not the API's JSON answer (a proxy's page): say what the status was.
    }
    return "refused (HTTP " + request.status + ")";
  }

  function setProgress(percent) {
    progress.value = percent;
    progress.textContent = percent + " %";
    status.textContent = percent + " % sent";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    showError(name, "");
    showError(file, "");
    if (!name.value.trim()) {
      showError(name, "name: give the data set a name");
      name.focus();
      return;
    }
    if (!file.files.length) {
      showError(file, "archive: choose a zip, tar or tar.gz file");
      file.focus();
      return;
    }
    var chosen = file.files[0];
    var request = new XMLHttpRequest();
    request.open("POST", "/datasets?name=" + encodeURIComponent(name.value.trim()));
    request.setRequestHeader("Content-Type", contentType(chosen.name));
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        setProgress(Math.floor(100 * e.loaded / e.total));
      }
    });
    request.upload.addEventListener("load", function () {
      setProgress(100);
      status.textContent = "100 % sent; the service is checking the archive";
    });
    request.addEventListener("load", function () {
      button.disabled = false;
      if (request.status === 201) {
        status.textContent = "Uploaded: " + name.value.trim();
        window.location.assign("/console/datasets?uploaded=" + encodeURIComponent(name.value.trim()));
        return;
      }
      var text = problems(request);
      status.textContent = "Not uploaded.";
      showError(text.indexOf("name:") === 0 ? name : file, text);
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      status.textContent = "Not uploaded: the connection to the service broke off.";
    });
    button.disabled = true;
    setProgress(0);
    request.send(chosen);
  });
})();
