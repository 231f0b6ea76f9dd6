/* A module's checks: situational-judgement questions answered on the page.
 *
 * learner.js loads this file on the pages that have checks and hands it the state
 * (window.curriculumLearner). A check is a <section data-check-id="<module>/<check>"> holding
 * radio inputs, a "Check my answer" button and a live region; its "Discuss the options" block holds
 * every response's verdict and feedback (it is what the page shows without JavaScript). Answering
 * saves the option chosen (and the first one ever chosen, which the dashboard scores), ticks the
 * check's progress item, and tells a learning platform (the `curriculum:check` event, for
 * learner.js's SCORM part). Listeners are bound once, on the document.
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.checks) return;
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);

  var VERDICTS = {
    best: t("Best response"), acceptable: t("Acceptable"), poor: t("Poor response"),
  };

  function parts(box) {
    return {
      radios: core.all("input[type='radio']", box),
      answer: box.querySelector("[data-check-answer]"),
      again: box.querySelector("[data-check-again]"),
      feedback: box.querySelector("[data-check-feedback]"),
      discussion: box.querySelector("[data-check-discussion]"),
    };
  }

  // The discussion's block about one option (found by comparing ids, never by building a selector).
  function responseFor(box, optionId) {
    return core.all("[data-option]", box).filter(function (block) {
      return block.dataset.option === optionId;
    })[0];
  }

  // What the live region says once an option is chosen: its verdict and feedback, then (if it was
  // not the best) the best response and why. Copied from the page's own discussion block.
  function showFeedback(box, chosen) {
    var region = parts(box).feedback;
    region.textContent = "";
    var verdict = chosen.dataset.verdict;
    var heading = document.createElement("p");
    heading.className = "hx-check__verdict";
    heading.dataset.verdict = verdict;
    heading.textContent = t("Your answer: {verdict}.", { verdict: VERDICTS[verdict] || verdict });
    region.appendChild(heading);
    appendFeedback(region, responseFor(box, chosen.value));
    if (verdict !== "best") {
      var best = parts(box).radios.filter(function (radio) {
        return radio.dataset.verdict === "best";
      })[0];
      var block = best && responseFor(box, best.value);
      if (block) {
        var lead = document.createElement("p");
        lead.className = "hx-check__best";
        lead.textContent = t("The best response: {response}", {
          response: best.labels[0].textContent.trim(),
        });
        region.appendChild(lead);
        appendFeedback(region, block);
      }
    }
  }

  function appendFeedback(region, block) {
    if (!block) return;
    Array.from(block.children).forEach(function (child) {
      if (!child.classList.contains("hx-check__response-title")) {
        region.appendChild(child.cloneNode(true));
      }
    });
  }

  function paintCheck(box, state) {
    var check = parts(box);
    var saved = state.checks[box.dataset.checkId];
    var chosen = saved && saved.answer && check.radios.filter(function (radio) {
      return radio.value === saved.answer;
    })[0];
    box.querySelector("[data-check-actions]").hidden = false;
    check.answer.hidden = Boolean(chosen);
    check.again.hidden = !chosen;
    // The discussion tells every verdict: shown once the learner has answered, not before.
    check.discussion.hidden = !chosen;
    check.radios.forEach(function (radio) {
      if (chosen) radio.checked = radio === chosen;
      radio.disabled = Boolean(chosen);
    });
    var shown = chosen ? chosen.value + "@" + saved.at : "";
    if (box.dataset.shown !== shown) {
      if (chosen) showFeedback(box, chosen);
      else if (box.dataset.shown) check.feedback.textContent = "";
      box.dataset.shown = shown;
    }
  }

  function paint(state) {
    core.all("[data-check-id]").forEach(function (box) {
      paintCheck(box, state);
    });
  }

  function answer(box) {
    var check = parts(box);
    var chosen = check.radios.filter(function (radio) {
      return radio.checked;
    })[0];
    if (!chosen) {
      check.feedback.textContent = t("Choose a response first, then check it.");
      box.dataset.shown = "";
      return;
    }
    var id = box.dataset.checkId;
    var now = Date.now();
    var first = true;
    var state = core.update(function (stored) {
      var before = stored.checks[id];
      first = !before;
      stored.checks[id] = { answer: chosen.value, first: before ? before.first : chosen.value, at: now };
      stored.progress[id] = { done: true, at: now };
    });
    core.paint(state);
    check.feedback.focus(); // the button pressed is gone: the focus goes to what it answered
    document.dispatchEvent(
      new CustomEvent("curriculum:check", {
        detail: {
          id: id,
          option: chosen.value,
          verdict: chosen.dataset.verdict,
          objectives: (box.dataset.objectives || "").split(" ").filter(Boolean),
          first: first,
        },
      })
    );
  }

  function tryAgain(box) {
    var id = box.dataset.checkId;
    core.paint(core.update(function (stored) {
      var before = stored.checks[id];
      if (before) stored.checks[id] = { answer: null, first: before.first, at: Date.now() };
    }));
    var first = parts(box).radios[0];
    if (first) first.focus();
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-check-answer], [data-check-again]");
    var box = control && control.closest("[data-check-id]");
    if (!box) return;
    if (control.matches("[data-check-answer]")) answer(box);
    else tryAgain(box);
  });

  core.checks = { paint: paint };
  paint(core.load());
})();
