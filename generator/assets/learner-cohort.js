/* The facilitator's cohort view (facilitator/cohort/): the learners' progress files, read here.
 *
 * learner.js loads this file on the page with [data-cohort]. The facilitator chooses or drops the
 * files the learners downloaded from their dashboard; each is read as the dashboard's import reads
 * one (at most 1 MB, JSON, the learner's state checked strictly) and shown: a row per learner, each
 * module's standing, the first answers to each check. Nothing is sent or stored: the learners are
 * kept in this script's memory only, and journal texts are dropped as each file is read. A saved
 * cohort is one file of the learners' progress that this page loads again. Listeners are bound
 * once, on the document; paint() shows the page as it is shown (and again after each change).
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.cohort) return;
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);
  var tn = t.n;

  var MAX_TEXT = 200; // a file's name, as kept in a saved cohort

  var learners = []; // each { key, file, state }: the state with its journal emptied
  var problems = []; // the files of the last load that were refused: { file, reason }
  var painted = null; // the page element last painted, and after which change
  var version = 0;

  // --- Reading the files

  // Why a file was refused, as the list of refused files says after its name ("{file}: {reason}.").
  function refused(reason) {
    return { reason: reason };
  }

  function readFile(file) {
    if (file.size > core.maxFile) {
      return Promise.resolve(refused(t("larger than 1 MB, so not a progress file")));
    }
    return file.text().then(parseText, function () {
      return refused(t("could not be read"));
    });
  }

  function parseText(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch {
      return refused(t("not JSON"));
    }
    var course = document.querySelector("[data-cohort]").dataset.course;
    if (data && data.course != null && data.course !== course) {
      return refused(t("from another course"));
    }
    if (data && data.kind === "cohort") return parseCohort(data);
    var state = progressOnly(data);
    return state || refused(t("not a progress file (a field is missing or wrong)"));
  }

  // A learner's state as a file holds it, checked strictly, and whether it held journal text
  // (which is dropped here: this page never shows a reflection).
  function progressOnly(data) {
    var state = core.cleanState(core.migrate(data), true);
    if (!state) return null;
    var journal = Object.keys(state.journal).some(function (id) {
      return state.journal[id].text.trim() !== "";
    });
    state.journal = {};
    state.commitments = {};
    state.last = null;
    return { state: state, journal: journal };
  }

  // A saved cohort: the learners' file names and states; refused whole if any of them is wrong.
  function parseCohort(data) {
    var list = Array.isArray(data.learners) ? data.learners : null;
    var states = [];
    var ok = data.format === 1 && list && list.every(function (entry) {
      var file = entry && entry.file;
      var state = entry && progressOnly(entry.state);
      if (typeof file !== "string" || !file || file.length > MAX_TEXT || !state) return false;
      states.push({ file: file, state: state.state });
      return true;
    });
    if (!ok) return refused(t("not a saved cohort (a field is missing or wrong)"));
    return { cohort: states };
  }

  // Adds a learner, or replaces the one loaded before with the same name and file name.
  function addLearner(file, state) {
    var key = JSON.stringify([state.name, file]);
    var index = learners.findIndex(function (learner) {
      return learner.key === key;
    });
    var learner = { key: key, file: file, state: state };
    if (index >= 0) learners[index] = learner;
    else learners.push(learner);
    return index >= 0;
  }

  // Every file read first, then the cohort changed and the page painted once.
  function loadFiles(files) {
    files = Array.from(files || []);
    if (!files.length) return Promise.resolve();
    say(tn("Reading {n} file…", "Reading {n} files…", files.length));
    return Promise.all(files.map(readFile)).then(function (results) {
      var added = 0;
      var replaced = 0;
      var journals = 0;
      var held = [];
      problems = [];
      results.forEach(function (result, index) {
        var name = files[index].name;
        if (result.reason) {
          problems.push({ file: name, reason: result.reason });
        } else if (result.cohort) {
          held.push(tn("{file} held {n} learner", "{file} held {n} learners", result.cohort.length,
            { file: name }));
          result.cohort.forEach(function (entry) {
            if (addLearner(entry.file, entry.state)) replaced += 1;
            else added += 1;
          });
        } else {
          if (addLearner(name, result.state)) replaced += 1;
          else added += 1;
          if (result.journal) journals += 1;
        }
      });
      var parts = added ? [tn("{n} learner added", "{n} learners added", added)] : [];
      if (replaced) {
        parts.push(tn("{n} learner loaded again, replacing the earlier file",
          "{n} learners loaded again, replacing the earlier file", replaced));
      }
      if (held.length) parts.push(held.join(", "));
      if (problems.length) {
        parts.push(tn("{n} file refused (listed below)", "{n} files refused (listed below)",
          problems.length));
      }
      var changes = parts.join("; ");
      // Translators: {changes} is what the files changed, such as "2 learners added; 1 file
      // refused (listed below)".
      var text = tn("{changes}. The cohort has {n} learner.",
        "{changes}. The cohort has {n} learners.", learners.length, { changes: changes });
      if (journals) {
        text += " " + tn(
          "The reflections in {n} full backup were left out: this page never shows them.",
          "The reflections in {n} full backups were left out: this page never shows them.",
          journals);
      }
      changed(text);
    });
  }

  // --- The page

  function say(text) {
    var message = document.querySelector("[data-cohort-message]");
    if (message) message.textContent = text;
  }

  function changed(text) {
    version += 1;
    paint();
    say(text);
  }

  function cell(tag, text) {
    var element = document.createElement(tag);
    element.textContent = text;
    return element;
  }

  function percent(done, total) {
    var share = total ? Math.round((100 * done) / total) : 0;
    return t("{done} of {total} ({percent}%)", { done: done, total: total, percent: share });
  }

  // Each learner's shown name: the name in the file, or the file's name; with the file's name too
  // where two learners would read the same.
  function shownNames() {
    var counts = Object.create(null); // names are the files' text: "__proto__" too
    var names = learners.map(function (learner) {
      var name = learner.state.name || learner.file;
      counts[name] = (counts[name] || 0) + 1;
      return name;
    });
    return names.map(function (name, index) {
      return counts[name] > 1 ? name + " (" + learners[index].file + ")" : name;
    });
  }

  function paintLearners(root, modules) {
    var rows = root.querySelector("[data-cohort-rows]");
    var names = shownNames();
    var order = learners.map(function (learner, index) {
      return index;
    });
    order.sort(function (a, b) {
      return names[a].localeCompare(names[b]);
    });
    var fragment = document.createDocumentFragment();
    var standing = {};
    var done = 0;
    modules.forEach(function (module) {
      standing[module.id] = { done: 0, "in-progress": 0, "not-started": 0 };
    });
    order.forEach(function (index) {
      var state = learners[index].state;
      var row = fragment.appendChild(document.createElement("tr"));
      row.appendChild(cell("th", names[index])).scope = "row";
      var finished = 0;
      modules.forEach(function (module) {
        var count = module.items.filter(function (id) {
          return core.isDone(state, id);
        }).length;
        var moduleState = core.stateOf(count, module.items.length);
        standing[module.id][moduleState] += 1;
        finished += count;
        row.appendChild(cell("td", core.stateWords[moduleState])).dataset.state = moduleState;
      });
      row.appendChild(cell("td", percent(finished, modules.total)));
      done += finished;
    });
    if (!learners.length) {
      var empty = fragment.appendChild(document.createElement("tr"));
      empty.appendChild(cell("td", t("No learner loaded yet."))).colSpan = modules.length + 2;
    }
    rows.replaceChildren(fragment);
    core.all("[data-cohort-standing]", root).forEach(function (row) {
      var counts = standing[row.dataset.cohortStanding];
      core.all("[data-cohort-count]", row).forEach(function (count) {
        count.textContent = counts ? counts[count.dataset.cohortCount] : 0;
      });
    });
    var share = percent(done, learners.length * modules.total);
    root.querySelector("[data-cohort-overall]").textContent = learners.length
      // Translators: {share} is how many of the items are done, such as "12 of 40 (30%)".
      ? tn("Items done by the cohort's {n} learner: {share}",
        "Items done by the cohort's {n} learners: {share}", learners.length, { share: share })
      : t("No learner loaded yet.");
  }

  function paintChecks(root) {
    core.all("[data-cohort-check]", root).forEach(function (table) {
      var id = table.dataset.cohortCheck;
      var firsts = Object.create(null);
      var unanswered = 0;
      learners.forEach(function (learner) {
        var saved = learner.state.checks[id];
        if (saved) firsts[saved.first] = (firsts[saved.first] || 0) + 1;
        else unanswered += 1;
      });
      core.all("[data-option]", table).forEach(function (row) {
        row.querySelector("[data-cohort-first]").textContent = firsts[row.dataset.option] || 0;
      });
      table.querySelector("[data-cohort-unanswered]").textContent = unanswered;
    });
  }

  function paintProblems(root) {
    var list = root.querySelector("[data-cohort-problems]");
    var fragment = document.createDocumentFragment();
    problems.forEach(function (problem) {
      // Translators: {reason} is why the file was refused, such as "not JSON".
      var text = t("{file}: {reason}.", { file: problem.file, reason: problem.reason });
      fragment.appendChild(cell("li", text));
    });
    list.replaceChildren(fragment);
  }

  // The page as it is shown, and after each change: built from the cohort in memory, once.
  function paint() {
    var root = document.querySelector("[data-cohort]");
    if (!root || (painted && painted.root === root && painted.version === version)) return;
    painted = { root: root, version: version };
    var modules = core.all("[data-cohort-module]", root).map(function (header) {
      return { id: header.dataset.cohortModule, items: header.dataset.items.split(" ").filter(Boolean) };
    });
    modules.total = modules.reduce(function (sum, module) {
      return sum + module.items.length;
    }, 0);
    paintLearners(root, modules);
    paintChecks(root);
    paintProblems(root);
    core.all("[data-cohort-needs-js]").forEach(function (notice) {
      notice.hidden = true;
    });
    root.hidden = false;
  }

  // --- Saving, clearing

  function save(root) {
    if (!learners.length) {
      say(t("There is no learner to save yet: load their files first."));
      return;
    }
    var cohort = {
      format: 1, kind: "cohort", course: root.dataset.course,
      learners: learners.map(function (learner) {
        return { file: learner.file, state: learner.state };
      }),
    };
    var name = core.download(root, "cohort.json", "application/json", JSON.stringify(cohort));
    say(tn("Saved the cohort's {n} learner as {file}: load that file here to see them again.",
      "Saved the cohort's {n} learners as {file}: load that file here to see them again.",
      learners.length, { file: name }));
  }

  function clear() {
    learners = [];
    problems = [];
    changed(t("The view was cleared: no learner is loaded."));
  }

  // --- Bound once

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.matches("[data-cohort-files]")) return;
    loadFiles(control.files).then(function () {
      control.value = ""; // the same files can be chosen again
    });
  });

  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-cohort-action]");
    var root = control && control.closest("[data-cohort]");
    if (!root) return;
    if (control.dataset.cohortAction === "save") save(root);
    else if (control.dataset.cohortAction === "clear") clear();
  });

  // Files are dropped on the drop zone; dropped anywhere else on this page they are refused,
  // rather than opened by the browser in place of the page.
  function dropZone(event) {
    return event.target.closest && event.target.closest("[data-cohort-drop]");
  }

  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!document.querySelector("[data-cohort]")) return;
      event.preventDefault();
      var zone = dropZone(event);
      if (event.dataTransfer) event.dataTransfer.dropEffect = zone ? "copy" : "none";
      if (zone) zone.dataset.dragging = "";
    });
  });

  document.addEventListener("dragleave", function (event) {
    var zone = dropZone(event);
    if (zone && !zone.contains(event.relatedTarget)) delete zone.dataset.dragging;
  });

  document.addEventListener("drop", function (event) {
    if (!document.querySelector("[data-cohort]")) return;
    event.preventDefault();
    var zone = dropZone(event);
    if (!zone) return;
    delete zone.dataset.dragging;
    if (event.dataTransfer) loadFiles(event.dataTransfer.files);
  });

  core.cohort = { paint: paint };
  paint();
})();
