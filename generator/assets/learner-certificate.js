/* The certificate of completion: made in the learner's browser from their own ticks.
 *
 * learner.js loads this file on the certificate page ([data-certificate]) and hands it the state
 * (window.curriculumLearner). Until every item of every module is done, the page lists what is
 * left; then it shows the certificate: the learner's name (typed here, kept with the rest of the
 * state), each module with the day it was completed, and the share of checks first answered best.
 * It prints as one page (course.css's print rules); the browser's print dialog saves it as a PDF.
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.certificate) return;
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);
  var tn = t.n;

  var SAVE_DELAY = 400; // ms after typing stops, as reflections are saved

  function day(at) {
    var lang = document.documentElement.lang || "en";
    return new Date(at).toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
  }

  function items(element) {
    return element.dataset.items.split(" ").filter(Boolean);
  }

  function paint(state) {
    var certificate = document.querySelector("[data-certificate]");
    if (!certificate) return;
    var left = 0;
    core.all("[data-certificate-left-module]").forEach(function (row) {
      var ids = items(row);
      var open = ids.filter(function (id) {
        return !core.isDone(state, id);
      }).length;
      left += open;
      row.hidden = !open;
      // Translators: how many of a module's items are left; the page goes on with "left".
      row.querySelector("[data-certificate-count]").textContent = tn("{n} item", "{n} items", open);
    });
    var finished = !left;
    var status = document.querySelector("[data-certificate-status]");
    status.textContent = finished
      ? t("You have finished the course: here is your certificate.")
      : tn("Not yet: {n} item is left to do.", "Not yet: {n} items are left to do.", left);
    document.querySelector("[data-certificate-left]").hidden = finished;
    document.querySelector("[data-certificate-form]").hidden = !finished;
    certificate.hidden = !finished;
    if (!finished) return;
    var last = 0;
    core.all("tbody [data-certificate-module]", certificate).forEach(function (row) {
      var at = core.completedAt(state, items(row));
      last = Math.max(last, at);
      row.querySelector("[data-certificate-date]").textContent = day(at);
    });
    certificate.querySelector("tfoot [data-certificate-date]").textContent = day(last);
    var input = document.querySelector("[data-certificate-name]");
    if (document.activeElement !== input) input.value = state.name || "";
    certificate.querySelector("[data-certificate-shown-name]").textContent =
      state.name || t("Your name");
    var checks = certificate.querySelector("[data-certificate-checks]");
    if (checks) {
      var score = core.bestFirst(state, certificate.dataset.best.split(" ").filter(Boolean));
      var percent = Math.round((100 * score.best) / score.total);
      checks.textContent = t(
        "Scenario checks first answered with the best response: {best} of {total} ({percent}%).",
        { best: score.best, total: score.total, percent: percent });
    }
  }

  var timer = null;

  function saveName(input) {
    clearTimeout(timer);
    timer = null;
    var name = input.value.trim().slice(0, 200);
    core.paint(core.update(function (stored) {
      stored.name = name || null;
    }));
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches("[data-certificate-name]")) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      saveName(input);
    }, SAVE_DELAY);
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-certificate-name]")) saveName(event.target);
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-certificate-print]")) return;
    var input = document.querySelector("[data-certificate-name]");
    if (input) saveName(input);
    window.print();
  });

  core.certificate = { paint: paint };
  paint(core.load());
})();
