/* The learner's side of the course: progress ticks, a private journal, the dashboard.
 *
 * Everything is kept in this browser's localStorage, under one key per course site, and never sent
 * anywhere. The page works without storage (private mode, disabled, full) and without this script:
 * the checklist and prompts then read as a plain worksheet.
 *
 * Material's instant navigation swaps pages without reloading, so the page is (re)bound each time
 * its `document$` observable emits; without Material, once on DOMContentLoaded.
 */
(function () {
"use strict";

var FORMAT = 1;
var MAX_IMPORT_BYTES = 1024 * 1024;
// A journal answer's length at most (and its textarea's): more than anyone writes to a prompt.
var MAX_TEXT = 100000;
// A progress or journal id: "<module-id>/<item-id>", two slugs (generator/model.py's).
var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
// The site's root: this script lives in <root>/assets/.
var ROOT = new URL("../", document.currentScript.src);
var KEY = "human-edge:v" + FORMAT + ":" + ROOT.pathname;


var memory = emptyState(); // the state when storage cannot be used
var storageProblem = null; // why ticks are not being saved, shown where it matters
var readOnly = false; // the stored data is in a newer format: show it, never overwrite it

function emptyState() {
  return { format: FORMAT, progress: {}, journal: {}, last: null };
}

// localStorage, or null where the browser refuses it (reading it then throws).
function storage() {
  try {
    window.localStorage.getItem(KEY);
    return window.localStorage;
  } catch (error) {
    storageProblem =
      "This browser is not saving your progress (private browsing, or storage is turned off): " +
      "what you tick or write here will be gone when you leave.";
    return null;
  }
}

function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isTime(at) {
  return typeof at === "number" && at >= 0 && at < 41e11; // milliseconds from 1970 to 2100
}

// A page of this site as pagePath() writes it (the dashboard links to it): relative, with no
// scheme, host, backslash, space or control character, and under the root once resolved.
function isSitePath(path) {
  if (typeof path !== "string" || path.length > 500 || /[\\:\s\0-\x1f\x7f]|^\//.test(path)) return false;
  var url = new URL(path, ROOT);
  return url.origin === ROOT.origin && url.pathname.indexOf(ROOT.pathname) === 0;
}

// A state read from storage or a file, checked field by field, by shape and meaning. Stored data
// keeps what is well-formed; a file (strict) is refused whole if anything in it is not. Ids that
// this course does not know are kept, never shown: each page looks up only its own ids.
function cleanState(data, strict) {
  if (!isRecord(data) || data.format !== FORMAT) return null;
  if (strict && !(isRecord(data.progress) && isRecord(data.journal))) return null;
  var state = emptyState();
  var bad = 0;
  function copy(from, to, field, type) {
    if (!isRecord(from)) return;
    Object.keys(from).forEach(function (id) {
      var entry = isRecord(from[id]) ? from[id] : {};
      var value = entry[field];
      var good = ID.test(id) && id.length < 200 && typeof value === type;
      if (good && String(value).length <= MAX_TEXT && isTime(entry.at)) {
        to[id] = { at: entry.at };
        to[id][field] = value;
      } else bad += 1;
    });
  }
  copy(data.progress, state.progress, "done", "boolean");
  copy(data.journal, state.journal, "text", "string");
  var last = data.last;
  if (isRecord(last) && isSitePath(last.path) && isTime(last.at)) {
    state.last = { path: last.path, at: last.at };
  } else if (last != null) bad += 1;
  return strict && bad ? null : state;
}

// Older formats are migrated here, one step at a time, rather than discarded.
var MIGRATIONS = {};

function migrate(data) {
  while (isRecord(data) && typeof data.format === "number" && MIGRATIONS[data.format]) {
    data = MIGRATIONS[data.format](data);
  }
  return data;
}

function load() {
  var store = storage();
  if (!store) return memory;
  var raw = store.getItem(KEY);
  if (raw === null) return emptyState();
  var data;
  try {
    data = migrate(JSON.parse(raw));
  } catch (error) {
    data = null;
  }
  if (isRecord(data) && typeof data.format === "number" && data.format > FORMAT) {
    readOnly = true;
    storageProblem =
      "Your progress was saved by a newer version of this course; it is shown as saved, " +
      "and changes made on this page are not kept.";
    return cleanState(Object.assign({}, data, { format: FORMAT })) || emptyState();
  }
  var state = cleanState(data);
  if (state) return state;
  // Keep the unreadable data aside rather than lose it, then start afresh.
  try {
    store.setItem(KEY + ":unreadable", raw);
  } catch (error) {
    /* nothing more can be done */
  }
  storageProblem = "Your saved progress could not be read, so it starts afresh here.";
  store.removeItem(KEY);
  return emptyState();
}

// Read, change, write: each change is applied to what is stored now, so that two open tabs
// never overwrite each other's ticks.
function update(change) {
  var state = load();
  change(state);
  var store = storage();
  if (!store || readOnly) {
    memory = state;
    return state;
  }
  try {
    store.setItem(KEY, JSON.stringify(state));
  } catch (error) {
    storageProblem = "Your browser's storage is full: this change could not be saved.";
    memory = state;
  }
  return state;
}


function all(selector, root) {
  return Array.from((root || document).querySelectorAll(selector));
}

function isDone(state, id) {
  return Boolean(state.progress[id] && state.progress[id].done);
}

function countText(done, total) {
  return done + " of " + total;
}

function showNotice(anchor, text) {
  text = text || storageProblem;
  if (!text || !anchor || anchor.parentNode.querySelector(".hx-notice")) return;
  var notice = document.createElement("p");
  notice.className = "hx-notice";
  notice.setAttribute("role", "status");
  notice.textContent = text;
  anchor.parentNode.insertBefore(notice, anchor);
}

function download(name, type, text) {
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: type }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  setTimeout(function () {
    URL.revokeObjectURL(link.href);
    link.remove();
  }, 0);
}

function pagePath() {
  var path = location.pathname;
  return path.indexOf(ROOT.pathname) === 0 ? path.slice(ROOT.pathname.length) : path;
}


function showModuleProgress() {
  all("[data-module-progress]").forEach(function (box) {
    var inputs = all("input[data-progress-id]", box);
    var done = inputs.filter(function (input) {
      return input.checked;
    }).length;
    all("[data-progress-count]", box).forEach(function (count) {
      count.textContent = countText(done, inputs.length);
    });
    all("progress", box).forEach(function (bar) {
      bar.value = done;
    });
  });
}

function bindModule(state) {
  var inputs = all("input[data-progress-id]");
  var areas = all("textarea[data-journal-id]");
  inputs.forEach(function (input) {
    input.addEventListener("change", function () {
      var stored = update(function (latest) {
        latest.progress[input.dataset.progressId] = { done: input.checked, at: Date.now() };
      });
      showModuleProgress();
      markNavigation(stored);
      showNotice(input.closest("[data-module-progress]"));
    });
  });
  areas.forEach(function (area) {
    var entry = state.journal[area.dataset.journalId];
    area.maxLength = MAX_TEXT;
    if (entry && document.activeElement !== area) area.value = entry.text;
    area.addEventListener("input", function () {
      update(function (stored) {
        stored.journal[area.dataset.journalId] = { text: area.value, at: Date.now() };
      });
    });
  });
  if (inputs.length) {
    update(function (stored) {
      stored.last = { path: pagePath(), at: Date.now() };
    });
    showNotice(document.querySelector("[data-module-progress]"));
    showNotice(areas[0] && areas[0].closest("ol"));
  }
}


function stateOf(done, total) {
  return done === 0 ? "not-started" : done < total ? "in-progress" : "done";
}

var STATE_WORDS = { "not-started": "Not started", "in-progress": "In progress", done: "Done" };

// The dashboard's rows and the home page's cards: each holds one module's item ids.
function bindDashboard(state) {
  var rows = all("[data-progress-module]");
  if (!rows.length) return;
  var done = 0;
  var total = 0;
  var next = null;
  rows.forEach(function (row) {
    var ids = row.dataset.items.split(" ").filter(Boolean);
    var finished = ids.filter(function (id) {
      return isDone(state, id);
    }).length;
    var moduleState = stateOf(finished, ids.length);
    done += finished;
    total += ids.length;
    row.dataset.state = moduleState;
    all("[data-progress-count]", row).forEach(function (count) {
      count.textContent = countText(finished, ids.length);
    });
    all("[data-progress-state]", row).forEach(function (label) {
      label.textContent = STATE_WORDS[moduleState];
    });
    all("progress", row).forEach(function (bar) {
      bar.value = finished;
    });
    if (!next && finished < ids.length) next = row.querySelector("a");
  });
  var summary = document.querySelector("[data-progress-summary]");
  if (summary) {
    var percent = total ? Math.round((100 * done) / total) : 0;
    summary.textContent = countText(done, total) + " items done (" + percent + "%)";
  }
  var carryOn = document.querySelector("[data-progress-continue]");
  if (carryOn && done === total) {
    carryOn.textContent = "You have finished the course: well done";
  } else if (carryOn && (done || state.last)) {
    carryOn.href = state.last ? new URL(state.last.path, ROOT).href : next.href;
    carryOn.textContent = "Continue where you left off";
  }
  showNotice(summary);
}


var manifest = null; // fetched once per full page load, then kept across instant navigation

function modules() {
  if (!manifest) {
    manifest = fetch(new URL("manifest.json", ROOT).href)
      .then(function (response) {
        return response.ok ? response.json() : { modules: [] };
      })
      .then(function (data) {
        return Array.isArray(data.modules) ? data.modules : [];
      })
      .catch(function () {
        return []; // opened from disk, say: the navigation simply shows no states
      });
  }
  return manifest;
}

function markNavigation(state) {
  var links = all(".md-nav--primary a.md-nav__link[href]");
  if (!links.length) return;
  modules().then(function (list) {
    list.forEach(function (module) {
      var url = new URL(module.url, ROOT).href;
      var finished = module.items.filter(function (id) {
        return isDone(state, id);
      }).length;
      var moduleState = stateOf(finished, module.items.length);
      links.forEach(function (link) {
        if (link.href.split("#")[0] !== url) return;
        var mark = link.querySelector(".hx-nav-state");
        if (!mark) {
          mark = document.createElement("span");
          mark.className = "hx-nav-state";
          mark.appendChild(document.createElement("span")).className = "hx-sr";
          link.appendChild(mark);
        }
        mark.dataset.state = moduleState;
        mark.firstChild.textContent = " (" + STATE_WORDS[moduleState].toLowerCase() + ")";
      });
    });
  });
}

function readFile(file) {
  if (file.size > MAX_IMPORT_BYTES) {
    return Promise.reject(new Error("The file is larger than 1 MB, so it cannot be a progress file."));
  }
  return file.text().catch(function () {
    throw new Error("The file could not be read.");
  });
}

function mergeNewer(target, source) {
  Object.keys(source).forEach(function (id) {
    if (!target[id] || target[id].at < source[id].at) target[id] = source[id];
  });
}

function bindActions() {
  var message = document.querySelector("[data-progress-message]");
  function say(text) {
    if (message) message.textContent = text;
  }
  all("[data-action]").forEach(function (control) {
    var action = control.dataset.action;
    if (action === "export") {
      control.addEventListener("click", function () {
        download("human-edge-progress.json", "application/json", JSON.stringify(load(), null, 2));
        say("Your progress was downloaded as human-edge-progress.json.");
      });
    } else if (action === "import") {
      control.addEventListener("change", function () {
        var file = control.files && control.files[0];
        if (!file) return;
        readFile(file)
          .then(function (text) {
            var imported;
            try {
              imported = cleanState(migrate(JSON.parse(text)), true);
            } catch (error) {
              imported = null;
            }
            if (!imported) throw new Error("This is not a progress file from this course.");
            update(function (stored) {
              mergeNewer(stored.progress, imported.progress);
              mergeNewer(stored.journal, imported.journal);
              if (imported.last && (!stored.last || stored.last.at < imported.last.at)) {
                stored.last = imported.last;
              }
            });
            bind();
            say("Your progress was loaded from " + file.name + ".");
          })
          .catch(function (error) {
            say(error.message + " Nothing was changed.");
          })
          .then(function () {
            control.value = "";
          });
      });
    } else if (action === "reset") {
      control.addEventListener("click", function () {
        if (!window.confirm("Delete all your ticks and reflections in this browser?")) return;
        update(function (stored) {
          stored.progress = {};
          stored.journal = {};
          stored.last = null;
        });
        bind();
        say("Your progress and reflections were deleted from this browser.");
      });
    } else if (action === "download-journal") {
      control.addEventListener("click", function () {
        download("human-edge-journal.md", "text/markdown", journalMarkdown(load()));
      });
    }
  });
}


function bindJournal(state) {
  all("[data-journal-entry]").forEach(function (entry) {
    var answer = state.journal[entry.dataset.journalEntry];
    var text = answer && answer.text.trim();
    var shown = entry.querySelector("[data-journal-answer]");
    shown.textContent = text || "No answer yet.";
    shown.classList.toggle("hx-empty", !text);
  });
  showNotice(document.querySelector("[data-journal-entry]"));
}

// Text as Markdown that shows as typed, never as markup or a link: what Markdown or HTML reads as
// syntax becomes a character reference, as generator/render.py's plain() does; lines are kept.
function markdownText(text) {
  return text.split("\n").map(function (line) {
    return line.trim().replace(/[&<>*_`\\[\]{}|~#@]|:(?=\/\/)|^[+=-]|^\d+[.)]/g, function (syntax) {
      return syntax.slice(0, -1) + "&#" + syntax.charCodeAt(syntax.length - 1) + ";";
    });
  }).join("\n");
}

function journalMarkdown(state) {
  var lines = ["# " + markdownText(document.title.split(" - ")[0]), ""];
  all(".md-content h2").forEach(function (heading) {
    var entries = [];
    var node = heading.nextElementSibling;
    while (node && node.tagName !== "H2") {
      if (node.dataset && node.dataset.journalEntry) entries.push(node);
      node = node.nextElementSibling;
    }
    if (!entries.length) return;
    lines.push("## " + markdownText(heading.textContent.replace(/¶$/, "").trim()), "");
    entries.forEach(function (entry) {
      var answer = state.journal[entry.dataset.journalEntry];
      lines.push("### " + markdownText(entry.querySelector(".hx-entry__prompt").textContent), "");
      lines.push((answer && markdownText(answer.text.trim())) || "_No answer yet._", "");
    });
  });
  return lines.join("\n");
}


// In a learning platform (SCORM 1.2): the module page is a SCO; it reports its ticks to the
// platform's API (status, score, ticks kept in suspend_data). Outside one, no API is found.
function platformApi() {
  try {
    for (var win = window, hops = 0; hops < 8; hops += 1, win = win.parent) {
      if (win.API) return win.API;
      if (win.parent === win) break;
    }
    return window.opener && window.opener.API;
  } catch (error) {
    return null; // a frame of another site: no platform of ours
  }
}

var platform = null; // the attempt this window reports to, once opened: { api, id }

// A platform opens one attempt per launch of a module's SCO; a real runtime refuses another
// LMSInitialize in it. A page reached from the launched one (by a link, instantly or not) never
// reports into it: only the module that cmi.core.lesson_location names does.
function bindPlatform() {
  var box = document.querySelector("[data-module-progress]");
  var api = box && platformApi();
  if (!api) return;
  var id = box.dataset.moduleProgress;
  if (!platform && String(api.LMSInitialize("")) === "true") {
    var owner = api.LMSGetValue("cmi.core.lesson_location");
    if (owner && owner !== id) {
      api.LMSFinish("");
    } else {
      platform = { api: api, id: id };
      if (!owner) api.LMSSetValue("cmi.core.lesson_location", id);
      window.addEventListener("pagehide", function () {
        api.LMSFinish("");
      }, { once: true });
    }
  }
  if (!platform || platform.id !== id) {
    showNotice(box.firstElementChild, "Your progress here is recorded when you open this module " +
      "from the course outline in the platform.");
    return;
  }
  api = platform.api;
  var inputs = all("input[data-progress-id]", box);
  var local = function (input) {
    return input.dataset.progressId.split("/")[1];
  };
  var saved = String(api.LMSGetValue("cmi.suspend_data") || "").split(",");
  inputs.forEach(function (input) {
    if (saved.indexOf(local(input)) >= 0) input.checked = true;
  });
  if (api.LMSGetValue("cmi.core.lesson_status") !== "completed") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  showModuleProgress();
  inputs.forEach(function (input) {
    input.addEventListener("change", function () {
      var ticked = inputs.filter(function (each) {
        return each.checked;
      });
      api.LMSSetValue("cmi.suspend_data", ticked.map(local).join(","));
      api.LMSSetValue("cmi.core.score.raw", String(Math.round((100 * ticked.length) / inputs.length)));
      if (ticked.length === inputs.length) api.LMSSetValue("cmi.core.lesson_status", "completed");
      api.LMSCommit("");
    });
  });
}

// The stored state on this page: once bound, and again whenever another tab changes it.
function show(state) {
  all("input[data-progress-id]").forEach(function (input) {
    input.checked = isDone(state, input.dataset.progressId);
  });
  showModuleProgress();
  bindDashboard(state);
  bindJournal(state);
  markNavigation(state);
}

function bind() {
  var state = load();
  bindModule(state);
  show(state);
}

function start() {
  bind();
  bindActions();
  bindPlatform();
}

window.addEventListener("storage", function (event) {
  if (event.key === KEY) show(load());
});

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(start);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
})();
