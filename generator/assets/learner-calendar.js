/* The journal's commitments: a date beside each module's last reflection (the dated action it asks
 * for), and a calendar file of them made in this browser (RFC 5545's iCalendar, .ics).
 *
 * learner.js loads this file on the page with a [data-calendar] button (the journal) and hands it
 * the state (window.curriculumLearner). Each <input type="date" data-commitment="<module>/<prompt>">
 * shows the date stored for that answer or, when none is, the first date its answer gives, which
 * its [data-commitment-note] then says. Listeners are bound once, on the document.
 */
(function () {
  "use strict";

  var core = window.curriculumLearner;
  if (!core || core.calendar) return;
  // This file's words in the page's language, put in by the build (i18n.py): English as written.
  var MESSAGES = {};
  var t = core.translator(MESSAGES);
  var tn = t.n;

  // The dates an answer may give (the journal page lists them for learners), the first one found:
  //   2026-12-15; 15 December 2026, 15 Dec 2026; December 15, 2026; 15/12/2026 and 15.12.2026
  //   (day first, as in British English and German); 15 December, Dec 15 (no year: the next such
  //   day, from today). Months are named in English or in the page's language (15. Dezember 2026).
  // Weekdays and words such as "next week" are never guessed: the learner sets those dates.
  var NAMES = monthNames(document.documentElement.lang || "en");
  var MONTHS = Object.keys(NAMES).sort(function (a, b) {
    return b.length - a.length; // "march" before "mar"
  }).join("|");
  var M = "(" + MONTHS + ")(?![\\wÀ-ɏ])\\.?";
  var D = "(\\d{1,2})(?:st|nd|rd|th|\\.)?";
  var DATE = new RegExp(
    "\\b(?:(\\d{4})-(\\d\\d)-(\\d\\d)|" + D + "\\s+(?:of\\s+)?" + M + ",?\\s+(\\d{4})|" +
    M + "\\s+" + D + ",?\\s+(\\d{4})|(\\d{1,2})/(\\d{1,2})/(\\d{4})|(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})|" +
    D + "\\s+(?:of\\s+)?" + M + "|" + M + "\\s+" + D + ")(?!\\d)",
    "gi"
  );
  // Where each form's year, month and day are among DATE's groups (no year: the next to come).
  var FORMS = [[1, 2, 3], [6, 5, 4], [9, 7, 8], [12, 11, 10], [15, 14, 13], [0, 17, 16], [0, 18, 19]];
  // An answer's start, in an event's title, at most this many characters.
  var SUMMARY_LENGTH = 60;

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // The day as a date input writes it, if it is one ("2026-02-30" is not).
  function day(year, month, date) {
    var at = new Date(Date.UTC(year, month - 1, date));
    var ok = year > 999 && at.getUTCMonth() === month - 1 && at.getUTCDate() === date;
    return ok ? at.getUTCFullYear() + "-" + pad(month) + "-" + pad(date) : null;
  }

  // Month names, in lower case and without a final dot, and their numbers: English's, long and
  // in three letters (and "sept"), and the page language's, long and short, as the browser names them.
  function monthNames(language) {
    var names = { sept: 9 };
    var english = ["january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december"];
    english.forEach(function (name, index) {
      names[name] = names[name.slice(0, 3)] = index + 1;
    });
    ["long", "short"].forEach(function (style) {
      var format = new Intl.DateTimeFormat(language, { month: style, timeZone: "UTC" });
      for (var index = 0; index < 12; index += 1) {
        var name = format.format(new Date(Date.UTC(2026, index, 15))).toLowerCase().replace(/\.$/, "");
        if (/^[a-zà-ɏ]+$/.test(name)) names[name] = index + 1; // a word, safe in a pattern
      }
    });
    return names;
  }

  function month(text) {
    return /^\d+$/.test(text) ? Number(text) : NAMES[text.toLowerCase()];
  }

  // The first date the text gives, as "YYYY-MM-DD", or null.
  function recognise(text) {
    var now = new Date();
    var today = day(now.getFullYear(), now.getMonth() + 1, now.getDate());
    DATE.lastIndex = 0;
    for (var found = DATE.exec(text); found; found = DATE.exec(text)) {
      var form = FORMS.filter(function (groups) {
        return found[groups[2]];
      })[0];
      var m = month(found[form[1]]);
      var d = Number(found[form[2]]);
      if (form[0]) {
        var given = day(Number(found[form[0]]), m, d);
        if (given) return given;
      } else {
        for (var year = now.getFullYear(); year < now.getFullYear() + 8; year += 1) {
          var next = day(year, m, d);
          if (next && next >= today) return next;
        }
      }
    }
    return null;
  }

  // Each commitment on the page: its answer, its date (set, or given by the answer) and module.
  function commitments(state) {
    return core.all("input[data-commitment]").map(function (input) {
      var id = input.dataset.commitment;
      var answer = state.journal[id] ? state.journal[id].text.trim() : "";
      var stored = state.commitments[id];
      var module = id.split("/")[0];
      var heading = document.getElementById("journal-" + module);
      var link = heading && heading.querySelector("a[href]:not(.headerlink)");
      return {
        id: id,
        input: input,
        text: answer,
        stored: Boolean(stored),
        date: stored ? stored.date : recognise(answer),
        title: input.closest("[data-journal-entry]").dataset.journalModule,
        url: link ? link.href : new URL("modules/" + module + "/", core.root).href,
      };
    });
  }

  function paint(state) {
    commitments(state).forEach(function (commitment) {
      var input = commitment.input;
      // Never under the learner's hands: a date half typed is not a date yet.
      if (document.activeElement !== input) input.value = commitment.date || "";
      var note = input.parentNode.querySelector("[data-commitment-note]");
      var picked = Boolean(commitment.date && !commitment.stored);
      if (note) note.textContent = picked ? t("Picked up from your answer") : "";
    });
  }

  // --- The calendar file (RFC 5545)

  // TEXT as iCalendar writes it: backslash, semicolon, comma and line breaks escaped; no other
  // control character (the format allows none but the tab).
  function textValue(value) {
    return value
      .replace(/[\\;,]/g, "\\$&")
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex -- control characters are what it drops
      .replace(/[\0-\x08\x0b-\x1f\x7f]/g, "");
  }

  // A content line folded at 75 octets of UTF-8, each further line starting with a space, and
  // never inside a character.
  function fold(line) {
    var out = "";
    var octets = 0;
    Array.from(line).forEach(function (character) {
      var code = character.codePointAt(0); // a lone surrogate is written as U+FFFD: 3 octets
      var size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (octets + size > 75) {
        out += "\r\n ";
        octets = 1;
      }
      out += character;
      octets += size;
    });
    return out + "\r\n";
  }

  function compact(iso) {
    return iso.replace(/[-:]|\.\d+/g, "");
  }

  function summary(commitment) {
    var words = commitment.text.replace(/\s+/g, " ");
    if (words.length > SUMMARY_LENGTH) {
      words = words.slice(0, SUMMARY_LENGTH).replace(/\s+\S*$/, "") + "…";
    }
    // Translators: a calendar event's title: the module's title, then the answer's start.
    return t("{module}: {answer}", { module: commitment.title, answer: words });
  }

  function calendar(dated) {
    var stamp = compact(new Date().toISOString());
    var site = core.root.host + core.root.pathname;
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//curriculum-engine//Commitments//EN",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
    ];
    dated.forEach(function (commitment) {
      var start = commitment.date.split("-").map(Number);
      var end = new Date(Date.UTC(start[0], start[1] - 1, start[2] + 1)).toISOString();
      lines.push(
        "BEGIN:VEVENT",
        "UID:" + textValue(commitment.id + "@" + site),
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + compact(commitment.date),
        "DTEND;VALUE=DATE:" + compact(end.slice(0, 10)),
        "SUMMARY:" + textValue(summary(commitment)),
        "DESCRIPTION:" + textValue(commitment.text),
        "URL:" + commitment.url,
        "TRANSP:TRANSPARENT",
        "END:VEVENT"
      );
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("");
  }

  function download(button) {
    var all = commitments(core.load());
    var dated = all.filter(function (commitment) {
      return commitment.text && commitment.date;
    });
    var undated = all.filter(function (commitment) {
      return commitment.text && !commitment.date;
    }).length;
    var unanswered = all.filter(function (commitment) {
      return !commitment.text && commitment.date;
    }).length;
    var words;
    if (dated.length) {
      core.download(button, "commitments.ics", "text/calendar", calendar(dated));
      words = tn("Your calendar file holds {n} commitment.",
        "Your calendar file holds {n} commitments.", dated.length);
    } else {
      words = t("No answer to a last prompt has a date yet, so there is no calendar file to make.");
    }
    // What the file leaves out, and why.
    if (undated) {
      words += " " + tn("Left out, with no date yet: {n} answer (set its date beside it).",
        "Left out, with no date yet: {n} answers (set a date beside each).", undated);
    }
    if (unanswered) {
      words += " " + tn("Left out, with no answer yet: {n} date.",
        "Left out, with no answer yet: {n} dates.", unanswered);
    }
    var message = document.querySelector("[data-calendar-message]");
    if (message) message.textContent = words;
  }

  // --- Bound once

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches("input[data-commitment]")) return;
    var id = input.dataset.commitment;
    var date = input.value;
    if (date && !core.isDay(date)) return;
    core.paint(core.update(function (stored) {
      if (date) stored.commitments[id] = { date: date, at: Date.now() };
      else delete stored.commitments[id];
    }));
  });

  // A date cleared shows the answer's again once the learner leaves it: what the file will use.
  document.addEventListener("focusout", function (event) {
    if (event.target.matches("input[data-commitment]")) paint(core.load());
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-calendar]");
    if (button) download(button);
  });

  core.calendar = { paint: paint };
  paint(core.load());
})();
