/* The course in a learning platform (SCORM 1.2): each module page is a SCO.
 *
 * learner.js loads this file on the first module page that finds a platform's API (window.API in
 * this window, a parent frame or the opener: the README says where) and hands it the state
 * (window.curriculumLearner). The page reports its ticks, its checks' answers and its score to the
 * attempt it was launched in; ticks the platform kept are restored into this browser's storage.
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.platform) return;
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);

  var platform = null; // the attempt this window reports to, once opened: { api, id }

  function put(element, value) {
    platform.api.LMSSetValue("cmi." + element, value);
  }

  function itemOf(input) {
    return input.dataset.progressId.split("/")[1];
  }

  // A platform opens one attempt per launch of a module's SCO; a real runtime refuses another
  // LMSInitialize in it. A page reached from the launched one (by a link, instantly or not) never
  // reports into it: only the module that cmi.core.lesson_location names does.
  function startPlatform() {
    var box = document.querySelector("[data-module-progress]");
    var api = box && core.platformApi();
    if (!api) return;
    var id = box.dataset.moduleProgress;
    if (!platform && String(api.LMSInitialize("")) === "true") {
      var owner = api.LMSGetValue("cmi.core.lesson_location");
      if (owner && owner !== id) {
        api.LMSFinish("");
      } else {
        var start = Date.now();
        platform = { api: api, id: id };
        if (!owner) put("core.lesson_location", id);
        window.addEventListener("pagehide", function () {
          var time = Date.now() - start; // HHHH:MM:SS.SS, and "suspend" until completed
          put("core.session_time", ("000" + Math.floor(time / 36e5)).slice(-4) +
            new Date(time).toISOString().slice(13, 22));
          var done = api.LMSGetValue("cmi.core.lesson_status") === "completed";
          put("core.exit", done ? "" : "suspend");
          api.LMSFinish("");
        }, { once: true });
      }
    }
    if (!platform || platform.id !== id) {
      core.showNotice(box.firstElementChild, t("Your progress here is recorded when you open " +
        "this module from the course outline in the platform."));
      return;
    }
    api = platform.api;
    // The ticks the platform kept, restored (into this browser's storage, which the page shows).
    var saved = String(api.LMSGetValue("cmi.suspend_data") || "").split(",");
    var restored = core.all("input[data-progress-id]", box).filter(function (input) {
      return saved.indexOf(itemOf(input)) >= 0;
    });
    if (api.LMSGetValue("cmi.core.lesson_status") !== "completed") {
      put("core.lesson_status", "incomplete");
    }
    core.paint(core.update(function (stored) {
      restored.forEach(function (input) {
        var itemId = input.dataset.progressId;
        if (!core.isDone(stored, itemId)) stored.progress[itemId] = { done: true, at: Date.now() };
      });
    }));
    if (document.querySelector("[data-check-id]")) reportToPlatform(box);
  }

  // The score, of 100: the share of checks first answered best (ever) or, without them, of ticks.
  function reportToPlatform(box) {
    if (!platform || !box || box.dataset.moduleProgress !== platform.id) return;
    var inputs = core.all("input[data-progress-id]", box);
    var ticked = core.all("input[data-progress-id]:checked", box);
    var checks = core.all("[data-check-id]");
    var firsts = core.load().checks;
    var best = checks.filter(function (check) {
      var radio = check.querySelector("input[data-verdict=best]");
      return radio && (firsts[check.dataset.checkId] || {}).first === radio.value;
    });
    put("suspend_data", ticked.map(itemOf).join(","));
    if (checks.length) {
      put("core.score.min", "0");
      put("core.score.max", "100");
    }
    put("core.score.raw", String(Math.round((100 * (checks.length ? best : ticked).length) /
      (checks.length || inputs.length))));
    if (ticked.length === inputs.length) put("core.lesson_status", "completed");
    platform.api.LMSCommit("");
  }

  // Each answer to a check, as the attempt's next interaction.
  document.addEventListener("curriculum:check", function (event) {
    var check = event.detail;
    var ids = check.id.split("/");
    if (!platform || ids[0] !== platform.id) return;
    var n = "interactions." + platform.api.LMSGetValue("cmi.interactions._count") + ".";
    put(n + "id", ids[1]);
    put(n + "type", "choice");
    put(n + "student_response", check.option);
    put(n + "result", { best: "correct", acceptable: "neutral", poor: "wrong" }[check.verdict]);
    check.objectives.forEach(function (objective, index) {
      put(n + "objectives." + index + ".id", objective);
    });
    put(n + "time", new Date().toTimeString().slice(0, 8));
    reportToPlatform(document.querySelector("[data-module-progress]"));
  });

  core.platform = { start: startPlatform, report: reportToPlatform };
  startPlatform();
})();
