/* Presenter mode: keys, black screen, full screen, clock and timer, and the presenter and
   audience windows kept in step over a BroadcastChannel (no server round trip). The only
   requests while presenting are the sign-in slide's QR code and count. */
(function () {
  "use strict";
  var body = document.body;
  var presenter = body.classList.contains("deck--presenter");
  var total = parseInt(body.dataset.total, 10) || 0;
  var leaveUrl = body.dataset.leaveUrl || "/";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".frame--current > .slide"));
  var nextFrame = document.querySelector("[data-frame=next]");
  var notes = document.querySelector("[data-notes]");
  var emptyNotes = document.querySelector("template[data-empty-notes]");
  var blackout = document.querySelector("[data-blackout]");
  var blackButton = document.querySelector("[data-action=black]");
  var counters = document.querySelectorAll("[data-counter], [data-footer-counter]");
  var footerClock = document.querySelector("[data-footer-clock]");
  var clockEl = document.querySelector("[data-clock]");
  var timerEl = document.querySelector("[data-timer]");

  var state = { index: 0, black: false, clock: false, started: Date.now() };
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("xuefa-present:" + body.dataset.deck) : null;

  function post(type) {
    if (channel) channel.postMessage({ type: type, state: state });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var now = new Date();
    var clock = pad(now.getHours()) + ":" + pad(now.getMinutes());
    var seconds = Math.max(0, Math.floor((Date.now() - state.started) / 1000));
    var timer = (seconds >= 3600 ? Math.floor(seconds / 3600) + ":" : "") +
      pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
    if (clockEl) clockEl.textContent = clock;
    if (timerEl) timerEl.textContent = timer;
    if (footerClock) {
      footerClock.hidden = !state.clock;
      footerClock.textContent = clock + " · " + timer;
    }
  }

  function render() {
    slides.forEach(function (slide, i) { slide.hidden = i !== state.index; });
    var label = (state.index + 1) + " / " + total;
    Array.prototype.forEach.call(counters, function (el) { el.textContent = label; });
    if (blackout) blackout.hidden = !state.black;
    body.classList.toggle("is-black", state.black);
    if (blackButton) blackButton.setAttribute("aria-pressed", state.black ? "true" : "false");
    if (presenter) {
      var next = slides[state.index + 1];
      if (nextFrame) {
        nextFrame.replaceChildren();
        if (next) {
          var copy = next.cloneNode(true);
          copy.hidden = false;
          copy.removeAttribute("aria-label");
          nextFrame.appendChild(copy);
        }
      }
      if (notes) {
        var source = slides[state.index] && slides[state.index].querySelector("template.slide__notes");
        notes.replaceChildren((source || emptyNotes).content.cloneNode(true));
      }
    }
    if (history.replaceState) history.replaceState(null, "", "#" + (state.index + 1));
    tick();
  }

  function go(index, broadcast) {
    state.index = Math.max(0, Math.min(total - 1, index));
    render();
    if (broadcast !== false) post("state");
  }

  function setBlack(black) {
    state.black = black;
    render();
    post("state");
  }

  function fullscreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen();
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(function () {});
    }
  }

  function leave() {
    if (document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen();
      return;
    }
    if (!presenter && window.opener) {
      window.close();
      return;
    }
    window.location.href = leaveUrl;
  }

  function openAudience() {
    var button = document.querySelector("[data-action=audience]");
    var url = (button && button.dataset.audienceUrl) || window.location.pathname;
    window.open(url + "#" + (state.index + 1), "xuefa-audience-" + body.dataset.deck, "popup");
  }

  var keys = {
    ArrowRight: function () { go(state.index + 1); },
    ArrowDown: function () { go(state.index + 1); },
    PageDown: function () { go(state.index + 1); },
    " ": function () { go(state.index + 1); },
    Enter: function () { go(state.index + 1); },
    ArrowLeft: function () { go(state.index - 1); },
    ArrowUp: function () { go(state.index - 1); },
    PageUp: function () { go(state.index - 1); },
    Backspace: function () { go(state.index - 1); },
    Home: function () { go(0); },
    End: function () { go(total - 1); },
    f: fullscreen,
    b: function () { setBlack(!state.black); },
    ".": function () { setBlack(!state.black); },  // what many clickers send for "black"
    c: function () { state.clock = !state.clock; render(); post("state"); },
    t: function () { state.started = Date.now(); render(); post("state"); },
    p: function () {
      if (!presenter) window.open(window.location.pathname + "?view=presenter" + window.location.hash, "_blank");
    },
    Escape: leave
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var control = target && target.closest && target.closest("button, a, input, textarea, select, video");
    if (control && (event.key === " " || event.key === "Enter")) return;  // let the control act
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var action = keys[key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-action]");
    if (button) {
      var action = button.dataset.action;
      if (action === "next") go(state.index + 1);
      else if (action === "prev") go(state.index - 1);
      else if (action === "black") setBlack(!state.black);
      else if (action === "fullscreen") fullscreen();
      else if (action === "audience") openAudience();
      return;
    }
    // A click on the projected slide moves on, as a clicker would.
    if (!presenter && event.target.closest && event.target.closest(".frame--current") &&
        !event.target.closest("video, a")) {
      go(state.index + 1);
    }
  });

  if (channel) {
    channel.onmessage = function (event) {
      var data = event.data || {};
      if (data.type === "hello") {
        post("state");
      } else if (data.type === "state" && data.state) {
        state.index = data.state.index;
        state.black = data.state.black;
        state.clock = data.state.clock;
        state.started = data.state.started;
        render();
      }
    };
  }

  // The sign-in slide: a fresh QR code before the current one expires, and the live count.
  var statusUrl = body.dataset.statusUrl;
  if (statusUrl) {
    var template = body.dataset.labelSignedIn || "{n} / {total}";
    var refresh = 20;
    var refreshQr = function () {
      document.querySelectorAll("img[data-qr-src]").forEach(function (img) {
        img.src = img.dataset.qrSrc + "?t=" + Date.now();
      });
    };
    var refreshCount = function () {
      fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          var text = template.replace("{n}", data.signed_in).replace("{total}", data.invited);
          document.querySelectorAll("[data-sign-in-count]").forEach(function (el) { el.textContent = text; });
          refresh = data.refresh_seconds || refresh;
        })
        .catch(function () {});
    };
    window.setInterval(refreshCount, 5000);
    window.setInterval(refreshQr, refresh * 1000);
  }

  var fromHash = parseInt((window.location.hash || "").slice(1), 10);
  state.index = fromHash > 0 ? Math.min(fromHash - 1, total - 1) : 0;
  render();
  window.setInterval(tick, 1000);
  post("hello");
  window.xuefaDeck = { state: state, go: go };
})();
