/* The course in a cmi5 platform: each module page is an assignable unit (AU) that reports itself.
 *
 * learner.js loads this file on a module page launched with cmi5's launch parameters (endpoint,
 * fetch, actor, registration, activityId: only a platform launches a page so) and hands it the
 * state (window.curriculumLearner). The page asks the fetch URL for its token once, reads
 * LMS.LaunchData, restores the ticks it saved in the platform's State API, and sends the cmi5
 * statements to the platform's learning record store: initialized first; completed when the
 * module's checklist is done; passed or failed once every scenario check has a first answer,
 * scored against the mastery score; answered for each answer (with the interaction: the options
 * and the best one); terminated when the learner leaves, last. Every statement waits in this
 * browser's storage until the record store has it, so nothing is lost while it is away: the next
 * change, the browser coming back online or the next launch sends it (once: by its id).
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.cmi5) return;
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);

  var XAPI = "1.0.3";
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
    answered: "http://adlnet.gov/expapi/verbs/answered",
  };
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVE_ON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
  // The AU's own state document in the platform: the ticked items, and what was sent once per
  // registration ({ items: [...], completed: true, judged: "passed" }).
  var STATE_ID = "https://w3id.org/curriculum-engine/state/progress";
  // Statements not yet in the record store, oldest first, with the endpoint each is for.
  var QUEUE = "curriculum:cmi5:queue";

  var au = null; // this launch: its parameters, token, launch data, saved state and session

  // The launch parameters cmi5 §8.1 gives the AU's URL, when all are there.
  function launchParameters() {
    var query = new URLSearchParams(window.location.search);
    var names = ["endpoint", "fetch", "actor", "registration", "activityId"];
    if (!names.every(function (name) {
      return query.get(name);
    })) return null;
    try {
      var actor = JSON.parse(query.get("actor"));
    } catch {
      return null;
    }
    return {
      endpoint: query.get("endpoint").replace(/\/?$/, "/"),
      fetch: query.get("fetch"),
      actor: actor,
      registration: query.get("registration"),
      activityId: query.get("activityId"),
    };
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) {
      return (byte + 0x100).toString(16).slice(1);
    }).join("");
    return [0, 8, 12, 16, 20, 32].reduce(function (parts, end, index, ends) {
      return index ? parts.concat(hex.slice(ends[index - 1], end)) : parts;
    }, []).join("-");
  }

  // A duration as ISO 8601 writes it, from milliseconds: "PT75.5S".
  function duration(ms) {
    return "PT" + Math.max(0, Math.round(ms / 10) / 100) + "S";
  }

  function request(method, path, body, keepalive) {
    return window.fetch(au.endpoint + path, {
      method: method,
      headers: {
        Authorization: au.token,
        "X-Experience-API-Version": XAPI,
        "Content-Type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: Boolean(keepalive),
    });
  }

  function stateQuery(stateId) {
    return "activities/state?" + new URLSearchParams({
      stateId: stateId,
      activityId: au.activityId,
      agent: JSON.stringify(au.actor),
      registration: au.registration,
    }).toString();
  }

  // This tab's session storage (for what holds for one launch), or nothing where the browser
  // refuses it (a sandboxed frame, say): a reload then starts the launch afresh.
  function session(key, value) {
    try {
      if (value === undefined) return window.sessionStorage.getItem(key);
      window.sessionStorage.setItem(key, value);
    } catch {
      /* refused */
    }
    return null;
  }

  // The token, from the fetch URL once per launch (a reload finds it in this tab's session).
  function token() {
    var key = "curriculum:cmi5:token:" + au.fetch;
    var kept = session(key);
    if (kept) return Promise.resolve(kept);
    return window.fetch(au.fetch, { method: "POST" }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (!answer || !answer["auth-token"]) throw new Error(answer && answer["error-text"]);
      var value = "Basic " + answer["auth-token"];
      session(key, value);
      return value;
    });
  }

  function readState(stateId) {
    return request("GET", stateQuery(stateId)).then(function (response) {
      if (response.status === 404) return {};
      if (!response.ok) throw new Error("state " + response.status);
      return response.json();
    });
  }

  function saveState() {
    var items = core.all("input[data-progress-id]:checked", au.box).map(function (input) {
      return input.dataset.progressId.split("/")[1];
    });
    au.saved.items = items;
    return request("PUT", stateQuery(STATE_ID), au.saved).catch(function () {
      /* the ticks are in this browser too: the next change saves them */
    });
  }

  // --- Statements, kept until the record store has them

  function queued() {
    try {
      var list = JSON.parse(window.localStorage.getItem(QUEUE) || "[]");
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  function keep(list) {
    try {
      window.localStorage.setItem(QUEUE, JSON.stringify(list));
    } catch {
      /* storage refused: what is in memory is still sent while the page is open */
    }
  }

  // cmi5 "defined" statements carry the cmi5 category (and moveOn's when they judge or complete);
  // every statement carries the launch's context template, its registration and session.
  function statement(verb, details) {
    var context = JSON.parse(JSON.stringify(au.data.contextTemplate || {}));
    context.registration = au.registration;
    context.extensions = context.extensions || {};
    context.extensions[SESSION] = au.session;
    context.contextActivities = context.contextActivities || {};
    var result = details.result;
    if (details.defined) {
      var category = (context.contextActivities.category || []).concat([{ id: CMI5 }]);
      if (result && ("success" in result || "completion" in result)) category.push({ id: MOVE_ON });
      context.contextActivities.category = category;
    }
    if (details.mastery !== undefined) context.extensions[MASTERY] = details.mastery;
    if (details.parent) context.contextActivities.parent = [{ id: au.activityId }];
    var made = {
      id: uuid(),
      actor: au.actor,
      verb: { id: VERBS[verb], display: { "en-US": verb } },
      object: details.object || { id: au.activityId, objectType: "Activity" },
      context: context,
      timestamp: new Date().toISOString(),
    };
    if (result) made.result = result;
    return made;
  }

  function send(verb, details) {
    if (au.ended) return; // nothing after terminated
    keep(queued().concat([{ endpoint: au.endpoint, statement: statement(verb, details || {}) }]));
    flush();
  }

  // A statement, by its id (xAPI's PUT): sending it again stores nothing twice.
  function put(statement, keepalive) {
    var path = "statements?statementId=" + encodeURIComponent(statement.id);
    return request("PUT", path, statement, keepalive);
  }

  // The statements waiting for this launch's endpoint, oldest first.
  function waiting() {
    return queued().filter(function (entry) {
      return entry.endpoint === au.endpoint;
    });
  }

  // Each waiting statement for this endpoint, in order, by its id: a statement the record store
  // already has (sent before a page was closed, say) is not stored twice.
  var flushing = null;
  function flush() {
    if (flushing || !au.token) return flushing;
    flushing = (function next() {
      var first = waiting()[0];
      if (!first) return Promise.resolve();
      var id = first.statement.id;
      return put(first.statement).then(function (response) {
        if (!response.ok && response.status !== 409) throw new Error("LRS " + response.status);
        keep(queued().filter(function (entry) {
          return entry.statement.id !== id;
        }));
        away(false);
        return next();
      });
    })().catch(function () {
      away(true);
    }).then(function () {
      flushing = null;
    });
    return flushing;
  }

  function away(gone) {
    var notice = au.box.querySelector("[data-cmi5-away]");
    if (!gone) {
      if (notice) notice.remove();
      return;
    }
    if (notice) return;
    notice = document.createElement("p");
    notice.className = "hx-notice";
    notice.setAttribute("role", "status");
    notice.dataset.cmi5Away = "";
    notice.textContent = t("The platform cannot be reached just now: what you do here is kept " +
      "in this browser and sent when it can be.");
    au.box.insertBefore(notice, au.box.firstChild);
  }

  // --- What the learner does

  function report(box) {
    if (!au || !au.data || au.ended || box !== au.box) return;
    // Browsing or reviewing (launchMode other than Normal) judges and completes nothing (cmi5 §10).
    if (au.data.launchMode && au.data.launchMode !== "Normal") return;
    saveState();
    var inputs = core.all("input[data-progress-id]", box);
    var ticked = core.all("input[data-progress-id]:checked", box);
    if (!au.saved.completed && inputs.length && ticked.length === inputs.length) {
      au.saved.completed = true;
      saveState();
      send("completed", {
        defined: true,
        result: { completion: true, duration: duration(Date.now() - au.started) },
      });
    }
    judge();
  }

  // Passed or failed, once per registration, when every check has a first answer: the share of
  // first answers that were the best response, against the mastery score (1 without one).
  function judge() {
    var checks = core.all("[data-check-id]");
    if (!checks.length || au.saved.judged) return;
    var pairs = checks.map(function (check) {
      var best = check.querySelector("input[data-verdict=best]");
      return check.dataset.checkId + "=" + (best ? best.value : "");
    });
    var scored = core.bestFirst(core.load(), pairs);
    if (scored.answered < checks.length) return;
    var score = scored.best / checks.length;
    var mastery = typeof au.data.masteryScore === "number" ? au.data.masteryScore : 1;
    var verb = score >= mastery ? "passed" : "failed";
    au.saved.judged = verb;
    saveState();
    send(verb, {
      defined: true,
      mastery: typeof au.data.masteryScore === "number" ? au.data.masteryScore : undefined,
      result: {
        score: { scaled: Math.round(score * 10000) / 10000 },
        success: verb === "passed",
        duration: duration(Date.now() - au.started),
      },
    });
  }

  function words(element) {
    var language = document.documentElement.lang || "en";
    var map = {};
    map[language] = element ? element.textContent.trim() : "";
    return map;
  }

  // An answer to a scenario check: a cmi5 "allowed" statement, its object the interaction.
  document.addEventListener("curriculum:check", function (event) {
    var answer = event.detail;
    if (!au || !au.data || au.ended || answer.id.split("/")[0] !== au.module) return;
    var box = document.querySelector("[data-check-id='" + answer.id + "']");
    var radios = core.all("input[type=radio]", box);
    var best = radios.filter(function (radio) {
      return radio.dataset.verdict === "best";
    })[0];
    var grouping = (au.data.contextTemplate.contextActivities || {}).grouping || [];
    var base = grouping.length ? grouping[0].id : au.activityId;
    send("answered", {
      parent: true,
      object: {
        id: base.replace(/\/$/, "") + "/checks/" + answer.id.split("/")[1],
        objectType: "Activity",
        definition: {
          type: INTERACTION,
          name: words(box.querySelector("legend")),
          interactionType: "choice",
          correctResponsesPattern: best ? [best.value] : [],
          choices: radios.map(function (radio) {
            return { id: radio.value, description: words(radio.labels[0]) };
          }),
        },
      },
      result: { response: answer.option, success: answer.verdict === "best" },
    });
    report(au.box);
  });

  // --- The launch

  function start() {
    var box = document.querySelector("[data-module-progress]");
    var launch = launchParameters();
    if (!box || !launch || au) return;
    au = launch;
    au.box = box;
    au.module = box.dataset.moduleProgress;
    au.started = Date.now();
    au.saved = {};
    token().then(function (value) {
      au.token = value;
      return flush(); // what an earlier launch could not send goes first
    }).then(function () {
      return readState("LMS.LaunchData");
    }).then(function (data) {
      au.data = data;
      au.session = ((data.contextTemplate || {}).extensions || {})[SESSION];
      return readState(STATE_ID);
    }).then(function (saved) {
      au.saved = saved && typeof saved === "object" ? saved : {};
      var items = Array.isArray(au.saved.items) ? au.saved.items : [];
      core.paint(core.update(function (stored) {
        items.forEach(function (item) {
          var id = au.module + "/" + item;
          if (!core.isDone(stored, id)) stored.progress[id] = { done: true, at: Date.now() };
        });
      }));
      var once = "curriculum:cmi5:initialized:" + au.session;
      if (!session(once)) {
        session(once, "1");
        send("initialized", { defined: true });
      }
      report(box);
    }).catch(function () {
      away(true);
    });
    window.addEventListener("pagehide", terminate, { once: true });
    window.addEventListener("online", function () {
      if (au.token) flush();
    });
  }

  // Leaving: terminated, last, sent with the page's last breath (keepalive) with whatever still
  // waits, which stays kept until the record store has it (the next launch sends the rest).
  function terminate() {
    if (au.ended) return;
    if (au.data) {
      saveState();
      send("terminated", { defined: true, result: { duration: duration(Date.now() - au.started) } });
    }
    au.ended = true;
    if (!au.token) return;
    waiting().forEach(function (entry) {
      put(entry.statement, true).catch(function () {
        /* kept: the next launch sends it */
      });
    });
  }

  core.cmi5 = { start: start, report: report, launched: launchParameters };
  start();
})();
