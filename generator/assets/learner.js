/* The learner's side of the course: progress ticks, a private journal, the dashboard.
 *
 * Everything is kept in this browser's localStorage, under one key per course site, and never sent
 * anywhere. The page works without storage (private mode, disabled, full) and without this script:
 * the checklist and prompts then read as a plain worksheet.
 *
 * This file is what every page needs; learner-pages.js, loaded by it where needed, paints the home
 * page's cards, the dashboard and the journal. paint(state) only shows the state, as each page is
 * shown (Material's instant navigation swaps pages without reloading: `document$` emits for each)
 * and after every change, here or in another tab; listeners are bound once, on the document.
 */
(function () {
  "use strict";

  var FORMAT = 1;
  // A journal answer's length at most (and its textarea's): more than anyone writes to a prompt.
  var MAX_TEXT = 100000;
  // A progress file to load (the dashboard's, the cohort view's) at most: far more than one holds.
  var MAX_FILE = 1024 * 1024;
  // Typing is saved this long after it starts (ms), and at once when the page is left.
  var SAVE_DELAY = 400;
  // A progress or journal id: "<module-id>/<item-id>", two slugs (generator/model.py's).
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // A check's option id: one slug.
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // When a learner rates the course's skills: at its start and at its end.
  var WHEN = ["before", "after"];
  // The site's root: this script lives in <root>/assets/.
  var ROOT = new URL("../", document.currentScript.src);
  // The course's root, from the site's: the same site, or, for a translation's site under
  // <course>/<language>/, the one above it (the build sets it; engines/settings.py).
  var COURSE_PATH = "./";
  var COURSE = new URL(COURSE_PATH, ROOT);
  // One key per course: its address is what a learner's browser knows it by. Every language of
  // the course shares it, so a tick in one shows in all.
  var KEY = "curriculum:v" + FORMAT + ":" + COURSE.pathname;
  // Where the state was kept before engine 0.3 (when the script was The Human Edge's alone): it is
  // moved to KEY the first time it is read, so no learner's progress is left behind.
  var OLD_KEYS = ["human-edge:v1:" + COURSE.pathname];
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = translator(MESSAGES);

  var memory = emptyState(); // the state when storage cannot be used, or must not be written
  var storageProblem = null; // why ticks are not being saved, shown where it matters
  var readOnly = false; // the stored data is in a newer format: show it, never overwrite it

  // --- The page's words: t("text {name}", {name: value}) and tn("one {n}", "{n} many", n)

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // The t() of a script whose words are `messages` ({english: translation}; a plural's,
  // {english singular: {category: form}}); t.n is its tn(). Every part of the script makes its own.
  function translator(messages) {
    var rules = null;
    function t(text, values) {
      var shown = messages[text];
      return fill(typeof shown === "string" ? shown : text, values);
    }
    t.n = function (one, many, count, values) {
      var forms = messages[one];
      var words;
      if (forms && typeof forms === "object") {
        rules = rules || new Intl.PluralRules(document.documentElement.lang || "en");
        words = forms[rules.select(count)] || forms.other;
      } else {
        words = count === 1 ? one : many;
      }
      return fill(words, Object.assign({ n: count }, values));
    };
    return t;
  }

  function emptyState() {
    return {
      format: FORMAT, progress: {}, journal: {}, checks: {}, self: {},
      ratings: { before: {}, after: {} }, commitments: {}, name: null, last: null,
    };
  }

  // localStorage, or null where the browser refuses it (reading it then throws).
  function storage() {
    try {
      window.localStorage.getItem(KEY);
      return window.localStorage;
    } catch {
      storageProblem = t(
        "This browser is not saving your progress (private browsing, or storage is turned off): " +
        "what you tick or write here will be gone when you leave.");
      return null;
    }
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isSlug(text) {
    return typeof text === "string" && text.length < 200 && SLUG.test(text);
  }

  function isTime(at) {
    return typeof at === "number" && at >= 0 && at < 41e11; // milliseconds from 1970 to 2100
  }

  // A calendar day as a date input gives it: "2026-12-01".
  function isDay(text) {
    return typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text) &&
      !isNaN(Date.parse(text + "T00:00:00Z"));
  }

  // A page of this site as pagePath() writes it (the dashboard links to it): relative, with no
  // scheme, host, backslash, space or control character, and under the root once resolved.
  function isSitePath(path) {
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    if (typeof path !== "string" || path.length > 500 || /[\\:\s\0-\x1f\x7f]|^\//.test(path)) {
      return false;
    }
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
    // A check's answers: the option chosen now (null after "Try again") and the first one chosen.
    if (isRecord(data.checks)) {
      Object.keys(data.checks).forEach(function (id) {
        var entry = isRecord(data.checks[id]) ? data.checks[id] : {};
        if (ID.test(id) && id.length < 200 && (entry.answer === null || isSlug(entry.answer)) &&
            isSlug(entry.first) && isTime(entry.at)) {
          state.checks[id] = { answer: entry.answer, first: entry.first, at: entry.at };
        } else bad += 1;
      });
    } else if (data.checks != null) bad += 1;
    // An exercise's self-check: which of its criteria (by position) the learner ticked.
    if (isRecord(data.self)) {
      Object.keys(data.self).forEach(function (id) {
        var entry = isRecord(data.self[id]) ? data.self[id] : {};
        var ticked = Array.isArray(entry.ticked) ? entry.ticked : null;
        if (ID.test(id) && id.length < 200 && ticked && ticked.length <= 10 && isTime(entry.at) &&
            ticked.every(function (n) { return Number.isInteger(n) && n >= 0 && n < 10; })) {
          state.self[id] = { ticked: ticked.slice(), at: entry.at };
        } else bad += 1;
      });
    } else if (data.self != null) bad += 1;
    // Self-ratings of the course's skills, 1 to 5, at the start and at the end.
    if (isRecord(data.ratings)) {
      WHEN.forEach(function (when) {
        var given = data.ratings[when];
        if (given == null) return;
        if (!isRecord(given)) bad += 1;
        else Object.keys(given).forEach(function (skill) {
          var entry = isRecord(given[skill]) ? given[skill] : {};
          if (isSlug(skill) && [1, 2, 3, 4, 5].indexOf(entry.value) >= 0 && isTime(entry.at)) {
            state.ratings[when][skill] = { value: entry.value, at: entry.at };
          } else bad += 1;
        });
      });
    } else if (data.ratings != null) bad += 1;
    // The date of a dated commitment (a module's last reflection), set beside it on the journal.
    if (isRecord(data.commitments)) {
      Object.keys(data.commitments).forEach(function (id) {
        var entry = isRecord(data.commitments[id]) ? data.commitments[id] : {};
        if (ID.test(id) && id.length < 200 && isDay(entry.date) && isTime(entry.at)) {
          state.commitments[id] = { date: entry.date, at: entry.at };
        } else bad += 1;
      });
    } else if (data.commitments != null) bad += 1;
    // The learner's name, for the certificate: text, shown as text.
    if (typeof data.name === "string" && data.name.length <= 200) state.name = data.name;
    else if (data.name != null) bad += 1;
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

  // The state stored under an older key, moved to KEY (or, if storage is full, read where it is).
  function moveOldState(store) {
    for (var index = 0; index < OLD_KEYS.length; index += 1) {
      var raw = store.getItem(OLD_KEYS[index]);
      if (raw === null) continue;
      try {
        store.setItem(KEY, raw);
        store.removeItem(OLD_KEYS[index]);
      } catch {
        /* kept where it is, and read from there again next time */
      }
      return raw;
    }
    return null;
  }

  function load() {
    var store = storage();
    if (!store || readOnly) return memory;
    var raw = store.getItem(KEY);
    if (raw === null) raw = moveOldState(store);
    if (raw === null) return emptyState();
    var data;
    try {
      data = migrate(JSON.parse(raw));
    } catch {
      data = null;
    }
    if (isRecord(data) && typeof data.format === "number" && data.format > FORMAT) {
      readOnly = true;
      storageProblem = t(
        "Your progress was saved by a newer version of this course; it is shown as saved, " +
        "and changes made on this page are not kept.");
      memory = cleanState(Object.assign({}, data, { format: FORMAT })) || emptyState();
      return memory;
    }
    var state = cleanState(data);
    if (state) return state;
    // Keep the unreadable data aside rather than lose it, then start afresh.
    try {
      store.setItem(KEY + ":unreadable", raw);
    } catch {
      /* nothing more can be done */
    }
    storageProblem = t("Your saved progress could not be read, so it starts afresh here.");
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
    } catch {
      storageProblem = t("Your browser's storage is full: this change could not be saved.");
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

  // The checks first answered with their best response, of those a page names as
  // "<check id>=<best option id>" pairs (its data-best), and how many were answered at all.
  function bestFirst(state, pairs) {
    var score = { best: 0, answered: 0, total: pairs.length };
    pairs.forEach(function (pair) {
      var saved = state.checks[pair.split("=")[0]];
      if (!saved) return;
      score.answered += 1;
      if (saved.first === pair.split("=")[1]) score.best += 1;
    });
    return score;
  }

  // A file made in the page, downloaded under the name the page gives it (a plain slug and one of
  // the extensions this course writes), or under ``fallback``.
  function download(control, fallback, type, text) {
    var name = control.dataset.download || "";
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:json|md|ics)$/.test(name)) name = fallback;
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 0);
    return name;
  }

  // When a module's items were all done: the time the last of them was ticked (null if not all).
  function completedAt(state, ids) {
    var times = ids.map(function (id) {
      return isDone(state, id) ? state.progress[id].at : null;
    });
    return ids.length && times.indexOf(null) < 0 ? Math.max.apply(null, times) : null;
  }

  function countText(done, total) {
    // Translators: a count of items done, followed on the page by "done" ("3 of 8 done").
    return t("{done} of {total}", { done: done, total: total });
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

  function pagePath() {
    var path = location.pathname;
    return path.indexOf(ROOT.pathname) === 0 ? path.slice(ROOT.pathname.length) : path;
  }

  function stateOf(done, total) {
    return done === 0 ? "not-started" : done < total ? "in-progress" : "done";
  }

  var STATE_WORDS = {
    "not-started": t("Not started"), "in-progress": t("In progress"), done: t("Done"),
  };
  // A module's state as the navigation says it after the module's title, to screen readers.
  var NAVIGATION_WORDS = {
    "not-started": t("(not started)"), "in-progress": t("(in progress)"), done: t("(done)"),
  };

  // --- Painting: the page from the state

  var unsaved = {}; // journal id: its textarea, while what was typed in it waits to be saved

  function paintModule(state) {
    all("input[data-progress-id]").forEach(function (input) {
      input.checked = isDone(state, input.dataset.progressId);
    });
    all("input[data-self-check-id]").forEach(function (input) {
      var saved = state.self[input.dataset.selfCheckId];
      input.checked = Boolean(saved && saved.ticked.indexOf(Number(input.value)) >= 0);
    });
    all("[data-module-progress]").forEach(function (box) {
      var inputs = all("input[data-progress-id]", box);
      var done = all("input[data-progress-id]:checked", box).length;
      all("[data-progress-count]", box).forEach(function (count) {
        count.textContent = countText(done, inputs.length);
      });
      all("progress", box).forEach(function (bar) {
        bar.value = done;
      });
    });
    paintRatings(state);
    var areas = all("textarea[data-journal-id]");
    areas.forEach(function (area) {
      var id = area.dataset.journalId;
      var text = state.journal[id] ? state.journal[id].text : "";
      area.maxLength = MAX_TEXT;
      // Never under the learner's cursor, nor over words not saved yet.
      if (area.value !== text && document.activeElement !== area && !unsaved[id]) area.value = text;
    });
    showNotice(document.querySelector("[data-module-progress]"));
    showNotice(areas[0] && areas[0].closest("ol"));
  }

  // The rating forms' choices, and each skill's ratings side by side where a table shows them.
  function paintRatings(state) {
    all("input[data-rating]").forEach(function (input) {
      var at = input.dataset.rating.split("/");
      var saved = state.ratings[at[0]] && state.ratings[at[0]][at[1]];
      input.checked = Boolean(saved && saved.value === Number(input.value));
    });
    all("[data-rating-skill]").forEach(function (row) {
      var values = WHEN.map(function (when) {
        var saved = state.ratings[when][row.dataset.ratingSkill];
        return saved ? saved.value : null;
      });
      var change = values[0] && values[1] ? values[1] - values[0] : null;
      all("[data-rating-cell]", row).forEach(function (cell) {
        var kind = cell.dataset.ratingCell;
        var shown = { before: values[0], after: values[1], change: change }[kind];
        cell.textContent = shown === null ? "–" : (kind === "change" && shown > 0 ? "+" : "") + shown;
      });
    });
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

  // Each module's state beside its link in the navigation (course.css draws the glyph). A section
  // the theme prunes (a unit not shown, navigation.prune) links to its first page: that link is
  // the section's, not the page's, and shows no state.
  function paintNavigation(state) {
    var links = all(".md-nav--primary a.md-nav__link[href]").filter(function (link) {
      return !link.parentElement.classList.contains("md-nav__item--pruned");
    });
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
          mark.firstChild.textContent = " " + NAVIGATION_WORDS[moduleState];
        });
      });
    });
  }

  // What the parts (learner-*.js) use of this file; each sets its own entry, with its paint().
  var core = (window.curriculumLearner = {
    root: ROOT, course: COURSE, translator: translator, load: load, update: update,
    cleanState: cleanState, migrate: migrate, paint: paint,
    maxFile: MAX_FILE, all: all, download: download, bestFirst: bestFirst, isDone: isDone,
    completedAt: completedAt, countText: countText, stateOf: stateOf, stateWords: STATE_WORDS,
    showNotice: showNotice, platformApi: platformApi, isDay: isDay,
    pages: null, checks: null, platform: null, cmi5: null, calendar: null, cohort: null,
    certificate: null,
  });

  function paint(state) {
    paintModule(state);
    paintNavigation(state);
    ["pages", "checks", "calendar", "cohort", "certificate"].forEach(function (part) {
      if (core[part] && core[part].paint) core[part].paint(state);
    });
  }

  // --- Changes: ticks and reflections, bound once on the document

  var saveTimer = null;

  // What was typed and not saved yet, saved now: in one write, however many keys were pressed.
  // (A textarea that instant navigation has taken off the page still holds its value.)
  function saveReflections() {
    var areas = unsaved;
    unsaved = {};
    clearTimeout(saveTimer);
    saveTimer = null;
    if (!Object.keys(areas).length) return;
    paint(update(function (stored) {
      Object.keys(areas).forEach(function (id) {
        stored.journal[id] = { text: areas[id].value, at: Date.now() };
      });
    }));
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.matches("textarea[data-journal-id]")) return;
    unsaved[area.dataset.journalId] = area;
    if (!saveTimer) saveTimer = setTimeout(saveReflections, SAVE_DELAY);
  });

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control.matches("textarea[data-journal-id]")) {
      saveReflections(); // the learner has left the textarea
    } else if (control.matches("input[data-rating]")) {
      var rated = control.dataset.rating.split("/");
      if (WHEN.indexOf(rated[0]) < 0) return;
      paint(update(function (latest) {
        latest.ratings[rated[0]][rated[1]] = { value: Number(control.value), at: Date.now() };
      }));
    } else if (control.matches("input[data-self-check-id]")) {
      var id = control.dataset.selfCheckId;
      paint(update(function (latest) {
        var ticked = all("input[data-self-check-id]").filter(function (input) {
          return input.dataset.selfCheckId === id && input.checked;
        }).map(function (input) {
          return Number(input.value);
        });
        latest.self[id] = { ticked: ticked, at: Date.now() };
      }));
    } else if (control.matches("input[data-progress-id]")) {
      paint(update(function (latest) {
        latest.progress[control.dataset.progressId] = { done: control.checked, at: Date.now() };
      }));
      if (core.platform) core.platform.report(control.closest("[data-module-progress]"));
      if (core.cmi5) core.cmi5.report(control.closest("[data-module-progress]"));
    }
  });

  // Leaving the page (closing, reloading, following a link) or hiding it keeps what was typed.
  window.addEventListener("pagehide", saveReflections);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") saveReflections();
  });

  window.addEventListener("storage", function (event) {
    if (event.key === KEY) paint(load());
  });

  // --- In a learning platform (SCORM 1.2): learner-platform.js reports there, loaded only there

  // A module page is a SCO: it reports its ticks, checks and score to the platform's API (the
  // README says where). Outside a platform, no API is found.
  function platformApi() {
    try {
      for (var win = window, hops = 0; hops < 8; hops += 1, win = win.parent) {
        if (win.API) return win.API;
        if (win.parent === win) break;
      }
      return window.opener && window.opener.API;
    } catch {
      return null; // a frame of another site: no platform of ours
    }
  }

  // A module page launched by a cmi5 platform has its launch parameters in its address (cmi5
  // §8.1): learner-cmi5.js then reports to the platform's record store. Nowhere else.
  function cmi5Launched() {
    var query = new URLSearchParams(window.location.search);
    return ["endpoint", "fetch", "actor", "registration", "activityId"].every(function (name) {
      return query.has(name);
    });
  }

  // --- Each page, as it is shown

  var loaded = {}; // the scripts below, once each

  // learner-pages.js, by the first page with cards, the dashboard or the journal;
  // learner-checks.js, by the first page with checks; learner-platform.js, by the first module
  // page opened in a learning platform; learner-calendar.js (the journal's calendar of
  // commitments), learner-cohort.js (the facilitator's cohort view) and learner-certificate.js,
  // each by its page.
  var PARTS = {
    pages: function () {
      return document.querySelector("[data-progress-module], [data-action], [data-journal-entry]");
    },
    checks: function () {
      return document.querySelector("[data-check-id]");
    },
    calendar: function () {
      return document.querySelector("[data-calendar]");
    },
    cohort: function () {
      return document.querySelector("[data-cohort]");
    },
    certificate: function () {
      return document.querySelector("[data-certificate]");
    },
    platform: function () {
      return document.querySelector("[data-module-progress]") && platformApi();
    },
    cmi5: function () {
      return document.querySelector("[data-module-progress]") && cmi5Launched();
    },
  };

  function loadParts() {
    Object.keys(PARTS).forEach(function (part) {
      if (loaded[part] || core[part] || !PARTS[part]()) return;
      loaded[part] = document.createElement("script");
      loaded[part].src = new URL("assets/learner-" + part + ".js", ROOT).href;
      document.head.appendChild(loaded[part]);
    });
  }

  // --- Offline: the published site's service worker (offline.py), where the page names its manifest

  var offline = false; // registered, once per full page load

  function goOffline() {
    if (offline || !("serviceWorker" in navigator) || platformApi() || cmi5Launched() ||
        !document.querySelector("link[rel='manifest']")) return;
    offline = true;
    var workers = navigator.serviceWorker;
    workers.addEventListener("message", function (event) {
      if (event.data && event.data.type === "curriculum:updated") {
        showNotice(document.querySelector(".md-content h1"), t("This course has been updated: " +
          "the pages you open from now on show the new version. Your progress is as it was."));
      }
    });
    workers.register(new URL("sw.js", COURSE).href, { scope: COURSE.pathname }).catch(function () {
      /* the course still works online */
    });
  }

  function start() {
    saveReflections(); // what was typed on the page that instant navigation has just left
    var state = load();
    if (document.querySelector("input[data-progress-id]")) {
      state = update(function (stored) {
        stored.last = { path: pagePath(), at: Date.now() };
      });
    }
    paint(state);
    if (core.platform) core.platform.start();
    if (core.cmi5) core.cmi5.start();
    loadParts();
    goOffline();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
