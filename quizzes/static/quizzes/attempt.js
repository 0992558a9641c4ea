/* The attempt page: autosave every answer, survive bad networks, keep the server's time.
 *
 * - Each change is queued (latest answer per question wins) and POSTed as JSON.
 * - Network errors retry quietly with backoff; answers wait in localStorage while offline
 *   and are sent when the connection returns (or after a reload). A save that fails goes to
 *   the back of the queue, so one failing answer never holds up the others.
 * - An answer the server refuses (4xx: it cannot be stored as given) is dropped from the
 *   queue and the question says why; the other answers keep going.
 * - The countdown runs from the server's deadline, corrected for the clock difference.
 * - Leaving the page (切屏) is reported once per departure, on coming back, when the quiz counts it.
 */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var d = form.dataset;
  var storeKey = "xuefa-attempt-" + d.attempt;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};
  // Question ids in the order to send them (pending's integer-like keys would always iterate
  // in numeric order, putting a failing question first for ever).
  var order = [];
  var failedThisRound = {}; // ids whose save failed since the last retry: try the others first
  var inFlight = false;
  var backoff = 1000;
  var retryTimer = null;
  var finished = false;
  var stateEl = document.getElementById("save-state");

  function loadStored() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function store() {
    try {
      if (Object.keys(pending).length) window.localStorage.setItem(storeKey, JSON.stringify(pending));
      else window.localStorage.removeItem(storeKey);
    } catch (e) { /* private mode: the in-memory queue still works */ }
  }
  function showState(text, kind) {
    stateEl.textContent = text;
    stateEl.className = "save-state" + (kind ? " save-state--" + kind : "");
  }

  function fieldsetFor(id) { return form.querySelector('fieldset[data-question="' + id + '"]'); }

  function readResponse(fs) {
    var type = fs.dataset.type;
    var name = "q" + fs.dataset.question;
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var i;
    if (type === "single") {
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) return inputs[i].value;
      return null;
    }
    if (type === "true_false") {
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) return inputs[i].value === "true";
      return null;
    }
    if (type === "multiple") {
      var chosen = [];
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) chosen.push(inputs[i].value);
      return chosen;
    }
    if (type === "fill") {
      var blanks = [];
      for (i = 0; i < inputs.length; i++) blanks.push(inputs[i].value);
      return blanks;
    }
    return inputs.length ? inputs[0].value : "";
  }

  function applyResponse(fs, response) {
    var type = fs.dataset.type;
    var inputs = form.querySelectorAll('[name="q' + fs.dataset.question + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (type === "single") input.checked = input.value === response;
      else if (type === "true_false") input.checked = response !== null && input.value === String(response);
      else if (type === "multiple") input.checked = Array.isArray(response) && response.indexOf(input.value) >= 0;
      else if (type === "fill") input.value = Array.isArray(response) ? (response[i] || "") : "";
      else input.value = response || "";
    }
  }

  function isAnswered(response) {
    if (response === null || response === undefined || response === "") return false;
    if (Array.isArray(response)) return response.some(function (r) { return r !== ""; });
    return true;
  }

  function markNav(id) {
    var fs = fieldsetFor(id);
    var link = form.querySelector('[data-nav="' + id + '"]');
    if (!fs || !link) return;
    link.classList.toggle("is-answered", isAnswered(readResponse(fs)));
    link.classList.toggle("is-flagged", fs.querySelector(".flag__input").checked);
  }

  function queue(fs) {
    var id = fs.dataset.question;
    pending[id] = { question: parseInt(id, 10), response: readResponse(fs), flagged: fs.querySelector(".flag__input").checked };
    enqueue(id);
    delete failedThisRound[id]; // a new answer deserves a fresh try
    store();
    markNav(id);
    showState(d.msgSaving, "busy");
    flush();
  }

  // The cookie is read on every request: signing in again (in another tab) rotates the token.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : csrf;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(body || {})
    });
  }

  function enqueue(id) {
    if (order.indexOf(id) < 0) order.push(id);
  }
  function nextId() {
    order = order.filter(function (id) { return pending.hasOwnProperty(id); });
    Object.keys(pending).forEach(enqueue);
    for (var i = 0; i < order.length; i++) if (!failedThisRound[order[i]]) return order[i];
    return null;
  }
  // This answer could not be sent now: to the back of the queue, the others first.
  function deferred(id) {
    failedThisRound[id] = true;
    order = order.filter(function (other) { return other !== id; });
    order.push(id);
    if (nextId() !== null) return flush();
    scheduleRetry();
  }

  function scheduleRetry(keepMessage) {
    if (retryTimer) return;
    if (!keepMessage) showState(navigator.onLine === false ? d.msgOffline : d.msgRetry, "warn");
    retryTimer = window.setTimeout(function () { retryTimer = null; failedThisRound = {}; flush(); }, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }

  function flush() {
    if (inFlight || finished) return Promise.resolve();
    if (!Object.keys(pending).length) { showState(d.msgSaved, "ok"); return Promise.resolve(); }
    var id = nextId();
    if (id === null) { scheduleRetry(); return Promise.resolve(); }
    var payload = pending[id];
    inFlight = true;
    return post(d.answerUrl, payload).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        inFlight = false;
        if (res.status === 401 || res.redirected || (res.ok && data.ok !== true)) {
          // Signed out, or something answered in place of the server (a login page, a proxy):
          // the answer is NOT saved. Keep it and try again.
          showState(d.msgSignedOut, "bad");
          scheduleRetry(true);
          return;
        }
        if (res.ok) {
          if (pending[id] === payload) delete pending[id];
          store();
          backoff = 1000;
          if (data.feedback) showFeedback(id, data.feedback);
          questionState(id, "");
          return flush();
        }
        if (res.status >= 500 || res.status === 429 || res.status === 408) return deferred(id);
        if (data.error && data.error.code === "closed") { finish(); return; }
        if (res.status === 403 && !data.error) return deferred(id); // CSRF/session hiccup
        // A refused answer: show why on the question and drop it so the others still go.
        if (pending[id] === payload) delete pending[id];
        store();
        var message = d.msgError + " " + ((data.error && data.error.message) || res.status);
        questionState(id, message);
        showState(message, "bad");
        return flush();
      });
    }, function () {
      inFlight = false;
      deferred(id);
    });
  }

  // The line under a question: why its answer was not saved, or nothing once it is.
  function questionState(id, message) {
    var fs = fieldsetFor(id);
    if (!fs) return;
    fs.querySelector(".question__state").textContent = message;
    fs.classList.toggle("is-refused", !!message);
    var link = form.querySelector('[data-nav="' + id + '"]');
    if (link) link.classList.toggle("is-refused", !!message);
  }

  // Resolves once nothing is being sent: the queue is empty or waiting for a retry.
  function settle() {
    flush();
    return new Promise(function (resolve) {
      var waited = 0;
      var check = function () {
        if ((!inFlight && (!Object.keys(pending).length || retryTimer)) || waited > 15000) resolve();
        else { waited += 150; window.setTimeout(check, 150); }
      };
      check();
    });
  }

  function showFeedback(id, feedback) {
    var fs = fieldsetFor(id);
    if (!fs) return;
    var box = fs.querySelector(".feedback");
    box.textContent = "";
    var p = document.createElement("p");
    if (feedback.withheld) {
      // The question is also in an exam still ahead: the server keeps its answer back.
      p.className = "feedback__withheld";
      p.textContent = feedback.message;
      box.appendChild(p);
      box.hidden = false;
      return;
    }
    p.className = feedback.correct ? "feedback__ok" : "feedback__bad";
    var key = feedback.key;
    if (feedback.key_options) {
      // The letters the official sees on this paper, with the option text.
      key = feedback.key_options.map(function (o) { return o.label + " " + o.text; }).join("；");
    }
    p.textContent = feedback.correct ? d.msgCorrect : d.msgWrong + " " + key;
    box.appendChild(p);
    if (feedback.explanation) {
      var e = document.createElement("p");
      e.textContent = feedback.explanation;
      box.appendChild(e);
    }
    box.hidden = false;
  }

  function finish() {
    finished = true;
    pending = {};
    store();
    window.location.assign(d.resultUrl);
  }

  // Answers typed while offline survive a reload: re-apply and resend them.
  var stored = loadStored();
  Object.keys(stored).forEach(function (id) {
    var fs = fieldsetFor(id);
    if (!fs) return;
    applyResponse(fs, stored[id].response);
    fs.querySelector(".flag__input").checked = !!stored[id].flagged;
    pending[id] = stored[id];
    enqueue(id);
    markNav(id);
  });
  if (Object.keys(pending).length) flush();

  var typingTimers = {};
  form.addEventListener("change", function (event) {
    var fs = event.target.closest("fieldset[data-question]");
    if (fs) queue(fs);
  });
  form.addEventListener("input", function (event) {
    var fs = event.target.closest("fieldset[data-question]");
    if (!fs || (event.target.type !== "text" && event.target.tagName !== "TEXTAREA")) return;
    var id = fs.dataset.question;
    window.clearTimeout(typingTimers[id]);
    typingTimers[id] = window.setTimeout(function () { queue(fs); }, 800);
  });
  window.addEventListener("online", function () { backoff = 1000; window.clearTimeout(retryTimer); retryTimer = null; flush(); });
  window.addEventListener("offline", function () { if (Object.keys(pending).length) showState(d.msgOffline, "warn"); });

  // Paged mode: show one page of questions at a time; the question list jumps anywhere.
  var perPage = parseInt(d.perPage || "0", 10);
  var sets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
  var current = 0;
  var pages = sets.length ? parseInt(sets[sets.length - 1].dataset.page, 10) + 1 : 1;
  var pager = form.querySelector(".pager");
  function showPage(n) {
    current = Math.max(0, Math.min(pages - 1, n));
    sets.forEach(function (fs) { fs.hidden = parseInt(fs.dataset.page, 10) !== current; });
    pager.querySelector(".pager__info").textContent = (current + 1) + " / " + pages;
    pager.querySelector('[data-pager="prev"]').disabled = current === 0;
    pager.querySelector('[data-pager="next"]').disabled = current === pages - 1;
  }
  if (perPage > 0 && pages > 1) {
    pager.hidden = false;
    showPage(0);
    pager.addEventListener("click", function (event) {
      var dir = event.target.dataset.pager;
      if (!dir) return;
      showPage(current + (dir === "next" ? 1 : -1));
      window.scrollTo(0, form.offsetTop);
    });
    form.querySelector(".qnav").addEventListener("click", function (event) {
      var id = event.target.dataset.nav;
      if (!id) return;
      var fs = fieldsetFor(id);
      if (fs) showPage(parseInt(fs.dataset.page, 10));
    });
  }

  // The countdown follows the server's deadline, corrected for this device's clock.
  var countdown = document.getElementById("countdown");
  if (countdown && d.deadline) {
    var offset = Date.parse(d.serverNow) - Date.now();
    var deadline = Date.parse(d.deadline);
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + offset)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      countdown.textContent = (h ? h + ":" : "") + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
      countdown.classList.toggle("countdown--low", left <= 300);
      if (left <= 0) {
        window.clearInterval(timer);
        timeUp();
      }
    };
    var timer = window.setInterval(tick, 1000);
    tick();
  }

  function timeUp() {
    if (finished) return;
    showState(d.msgTimeup, "warn");
    // Nothing more can be answered. What is queued was answered before the deadline: the
    // server still takes it for a short grace (quizzes.models.ANSWER_GRACE), then submits.
    sets.forEach(function (fs) { fs.disabled = true; });
    // Send what is queued, then ask the server to submit; it would submit on its own anyway.
    // While answers are still queued (a retry after a network error), wait for them within the
    // grace rather than submit without them.
    var attempts = 0, waits = 0;
    var go = function () {
      settle().then(function () {
        if (Object.keys(pending).length && ++waits <= 5) { window.setTimeout(go, 3000); return; }
        post(d.submitUrl).then(function (res) {
          if (res.ok || res.status === 409 || res.status === 404) finish();
          else if (++attempts < 20) window.setTimeout(go, 3000);
        }, function () { if (++attempts < 20) window.setTimeout(go, 3000); });
      });
    };
    window.setTimeout(go, 1500); // a moment past the deadline, so the server agrees it has passed
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var empty = sets.filter(function (fs) { return !isAnswered(readResponse(fs)); }).length;
    if (!window.confirm(d.msgConfirm + " " + empty)) return;
    settle().then(function () {
      if (Object.keys(pending).length) { window.alert(d.msgUnsent); return; }
      finished = true;
      form.querySelector("input[name=csrfmiddlewaretoken]").value = csrfToken();
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  // 切屏: count each time the page is hidden during the attempt (trainers see the count).
  // Counted on coming back, so that reloading or submitting (which also hide the page) is not.
  if (d.leaveUrl) {
    var wasHidden = false;
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { wasHidden = !finished; return; }
      if (wasHidden && !finished) {
        wasHidden = false;
        post(d.leaveUrl).catch(function () { /* a lost signal is acceptable */ });
      }
    });
  }
})();
