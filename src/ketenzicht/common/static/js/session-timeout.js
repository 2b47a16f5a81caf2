/* Ketenzicht — the idle-session warning.
 *
 * The server ends a session after data-idle seconds without a request (accounts/middleware.py).
 * data-warning seconds before that, this dialog (role=alertdialog, modal, focus on "Stay logged
 * in") offers to stay; "Stay logged in" posts to the keep-alive endpoint. At the end the page
 * logs out through the header's logout form. Before warning or logging out it asks the server
 * how much time is left (the status endpoint does not count as activity), so work in another
 * tab keeps this one logged in too. Every htmx request counts as activity here as it does on
 * the server.
 */
(function () {
  "use strict";
  var dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var idle = parseInt(dialog.dataset.idle, 10) * 1000;
  var warning = parseInt(dialog.dataset.warning, 10) * 1000;
  var deadlineEl = dialog.querySelector("[data-session-deadline]");
  var stay = dialog.querySelector("[data-session-stay]");
  var leave = dialog.querySelector("[data-session-logout]");
  var timer = null;
  var deadline = Date.now() + idle;
  var returnFocus = null;

  function csrfToken() {
    var field = document.querySelector("#logout-form input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function schedule(remainingMs) {
    window.clearTimeout(timer);
    deadline = Date.now() + remainingMs;
    var untilWarning = remainingMs - warning;
    if (untilWarning > 0) {
      timer = window.setTimeout(check, untilWarning);
    } else {
      warn();
      timer = window.setTimeout(check, Math.max(0, remainingMs));
    }
  }

  function status() {
    return window.fetch(dialog.dataset.statusUrl, {
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      redirect: "manual"
    }).then(function (response) {
      if (!response.ok) { return { remaining: 0 }; }
      return response.json();
    }).catch(function () { return null; });
  }

  function check() {
    status().then(function (data) {
      if (data === null) {  // the network failed: trust our own clock
        if (Date.now() >= deadline) { logOut(); } else { schedule(deadline - Date.now()); }
        return;
      }
      var remaining = data.remaining * 1000;
      if (remaining <= 0) { logOut(); return; }
      if (remaining > warning) { close(); }
      schedule(remaining);
    });
  }

  function warn() {
    if (dialog.open) { return; }
    if (deadlineEl) {
      var lang = document.documentElement.lang || "nl";
      deadlineEl.textContent = new Date(deadline).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
      deadlineEl.setAttribute("datetime", new Date(deadline).toISOString());
    }
    returnFocus = document.activeElement;
    dialog.showModal();
    stay.focus();
  }

  function close() {
    if (!dialog.open) { return; }
    dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") { returnFocus.focus(); }
  }

  function keepAlive() {
    window.fetch(dialog.dataset.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      redirect: "manual"
    }).then(function (response) {
      if (!response.ok) { logOut(); return null; }
      return response.json();
    }).then(function (data) {
      if (data) { close(); schedule(data.remaining * 1000); }
    }).catch(function () { schedule(deadline - Date.now()); });
  }

  function logOut() {
    window.clearTimeout(timer);
    var form = document.getElementById("logout-form");
    if (!form) { window.location.assign(dialog.dataset.timeoutUrl); return; }
    var next = form.querySelector("input[name=next]");
    if (!next) {
      next = document.createElement("input");
      next.type = "hidden";
      next.name = "next";
      form.appendChild(next);
    }
    next.value = dialog.dataset.timeoutUrl;
    form.submit();
  }

  stay.addEventListener("click", keepAlive);
  leave.addEventListener("click", function () {
    var form = document.getElementById("logout-form");
    if (form) { form.submit(); }
  });
  // Escape closes a modal dialog; here it means "stay", the safe choice that loses nothing.
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); keepAlive(); });
  document.body.addEventListener("htmx:afterRequest", function () {
    if (!dialog.open) { schedule(idle); }
  });
  schedule(idle);
})();
