/* The learner's overview pages: the home page's cards, the dashboard (with the download, load and
 * reset of progress) and the journal (with its Markdown download).
 *
 * learner.js loads this file on the pages that have them, so that a module page never does, and
 * hands it the state (window.curriculumLearner). Its listeners are bound once, on the document;
 * learner.js's paint() calls this file's part of it.
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.pages) return; // without learner.js there is no state; loaded once is enough
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);

  function say(text) {
    var message = document.querySelector("[data-progress-message]");
    if (message) message.textContent = text;
  }

  // --- The home page's cards and the dashboard's rows: each holds one module's item ids
  function paintModules(state) {
    var rows = core.all("[data-progress-module]");
    if (!rows.length) return;
    var done = 0;
    var total = 0;
    var next = null;
    rows.forEach(function (row) {
      var ids = row.dataset.items.split(" ").filter(Boolean);
      var finished = ids.filter(function (id) {
        return core.isDone(state, id);
      }).length;
      var moduleState = core.stateOf(finished, ids.length);
      done += finished;
      total += ids.length;
      row.dataset.state = moduleState;
      core.all("[data-progress-count]", row).forEach(function (count) {
        count.textContent = core.countText(finished, ids.length);
      });
      core.all("[data-progress-state]", row).forEach(function (label) {
        label.textContent = core.stateWords[moduleState];
      });
      core.all("progress", row).forEach(function (bar) {
        bar.value = finished;
      });
      if (!next && finished < ids.length) next = row.querySelector("a");
    });
    var summary = document.querySelector("[data-progress-summary]");
    if (summary) {
      var percent = total ? Math.round((100 * done) / total) : 0;
      summary.textContent = t("{done} of {total} items done ({percent}%)", {
        done: done, total: total, percent: percent,
      });
    }
    core.all("[data-certificate-offer]").forEach(function (offer) {
      offer.hidden = !(total && done === total);
    });
    var carryOn = document.querySelector("[data-progress-continue]");
    if (carryOn && done === total) {
      carryOn.textContent = t("You have finished the course: well done");
    } else if (carryOn && (done || state.last)) {
      carryOn.href = state.last ? new URL(state.last.path, core.root).href : next.href;
      carryOn.textContent = t("Continue where you left off");
    }
    core.showNotice(summary);
  }

  // --- The dashboard's buttons: download, load and reset

  function readFile(file) {
    if (file.size > core.maxFile) {
      return Promise.reject(
        new Error(t("The file is larger than 1 MB, so it cannot be a progress file."))
      );
    }
    return file.text().catch(function () {
      throw new Error(t("The file could not be read."));
    });
  }

  function mergeNewer(target, source) {
    Object.keys(source).forEach(function (id) {
      if (!target[id] || target[id].at < source[id].at) target[id] = source[id];
    });
  }

  function importFile(control) {
    var file = control.files && control.files[0];
    if (!file) return;
    readFile(file)
      .then(function (text) {
        var imported;
        try {
          imported = core.cleanState(core.migrate(JSON.parse(text)), true);
        } catch {
          imported = null;
        }
        if (!imported) throw new Error(t("This is not a progress file from this course."));
        core.paint(
          core.update(function (stored) {
            mergeNewer(stored.progress, imported.progress);
            mergeNewer(stored.journal, imported.journal);
            mergeNewer(stored.checks, imported.checks);
            mergeNewer(stored.self, imported.self);
            mergeNewer(stored.ratings.before, imported.ratings.before);
            mergeNewer(stored.ratings.after, imported.ratings.after);
            mergeNewer(stored.commitments, imported.commitments);
            if (imported.name && !stored.name) stored.name = imported.name;
            if (imported.last && (!stored.last || stored.last.at < imported.last.at)) {
              stored.last = imported.last;
            }
          })
        );
        say(t("Your progress was loaded from {file}.", { file: file.name }));
      })
      .catch(function (error) {
        // Translators: {problem} is one of the sentences saying why a file was refused.
        say(t("{problem} Nothing was changed.", { problem: error.message }));
      })
      .then(function () {
        control.value = "";
      });
  }

  function reset() {
    var question = t("Delete all your ticks, answers, ratings and reflections in this browser?");
    if (!window.confirm(question)) return;
    core.paint(
      core.update(function (stored) {
        stored.progress = {};
        stored.journal = {};
        stored.checks = {};
        stored.self = {};
        stored.ratings = { before: {}, after: {} };
        stored.commitments = {};
        stored.name = null;
        stored.last = null;
      })
    );
    say(t("Your progress, answers, ratings and reflections were deleted from this browser."));
  }

  // The state to share with a facilitator: ticks, check answers, self-checks, ratings, the name
  // and when each module was completed; never the journal, nor the dates of its commitments.
  function progressOnly(state, course) {
    var completed = {};
    core.all("[data-progress-module]").forEach(function (row) {
      var at = core.completedAt(state, row.dataset.items.split(" ").filter(Boolean));
      if (at) completed[row.dataset.progressModule] = at;
    });
    return {
      format: state.format, kind: "progress", course: course || null, name: state.name,
      progress: state.progress, checks: state.checks, self: state.self, ratings: state.ratings,
      journal: {}, completed: completed, last: null,
    };
  }

  // --- The journal

  function paintJournal(state) {
    core.all("[data-journal-entry]").forEach(function (entry) {
      var answer = state.journal[entry.dataset.journalEntry];
      var text = answer && answer.text.trim();
      var shown = entry.querySelector("[data-journal-answer]");
      shown.textContent = text || t("No answer yet.");
      shown.classList.toggle("hx-empty", !text);
    });
    core.showNotice(document.querySelector("[data-journal-entry]"));
  }

  // Text as Markdown that shows as typed, never as markup or a link: what Markdown or HTML reads as
  // syntax becomes a character reference, as generator/render.py's plain() does; lines are kept.
  function markdownText(text) {
    return text
      .split("\n")
      .map(function (line) {
        return line.trim().replace(/[&<>*_`\\[\]{}|~#@]|:(?=\/\/)|^[+=-]|^\d+[.)]/g, function (syntax) {
          return syntax.slice(0, -1) + "&#" + syntax.charCodeAt(syntax.length - 1) + ";";
        });
      })
      .join("\n");
  }

  // The journal as Markdown: its title, then each module's prompts and answers, in page order. The
  // page says what each is (generator/templates/journal.md.j2), whatever the theme shows around it.
  function journalMarkdown(state) {
    var lines = ["# " + markdownText(t("Your journal")), ""];
    var unanswered = "_" + markdownText(t("No answer yet.")) + "_";
    var module = null;
    core.all("[data-journal-entry]").forEach(function (entry) {
      var id = entry.dataset.journalEntry;
      var answer = state.journal[id];
      if (id.split("/")[0] !== module) {
        module = id.split("/")[0];
        lines.push("## " + markdownText(entry.dataset.journalModule), "");
      }
      lines.push("### " + markdownText(entry.querySelector("[data-journal-prompt]").textContent), "");
      lines.push((answer && markdownText(answer.text.trim())) || unanswered, "");
    });
    return lines.join("\n");
  }

  // --- Bound once

  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-action]");
    var action = control && control.dataset.action;
    if (action === "export" || action === "export-progress") {
      var state = core.load();
      if (action === "export-progress") state = progressOnly(state, control.dataset.course);
      var name = core.download(control, "progress.json", "application/json",
        JSON.stringify(state, null, 2));
      say(action === "export"
        ? t("A full backup, with your reflections, was downloaded as {file}.", { file: name })
        : t("Your progress, without your reflections, was downloaded as {file}.", { file: name }));
    } else if (action === "reset") {
      reset();
    } else if (action === "download-journal") {
      core.download(control, "journal.md", "text/markdown", journalMarkdown(core.load()));
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-action='import']")) importFile(event.target);
  });

  // The dashboard's score: the checks whose first answer was the best response.
  function paintChecks(state) {
    var summary = document.querySelector("[data-checks-summary]");
    if (!summary) return;
    var score = core.bestFirst(state, (summary.dataset.best || "").split(" ").filter(Boolean));
    summary.textContent = t(
      "Best answers: {best} of {total} checks (your first answer to each; {answered} answered).",
      { best: score.best, total: score.total, answered: score.answered });
  }

  function paint(state) {
    paintModules(state);
    paintChecks(state);
    paintJournal(state);
  }

  core.pages = { paint: paint };
  paint(core.load());
})();
