/* The preview's sw.js: it retires a published site's service worker.
 *
 * A built site served on the preview's address (python3 -m http.server serves on port 8000, as
 * `curriculum serve` does) leaves its worker there, answering every request from its cache: the
 * preview would show the built pages, not the ones being edited. The browser looks for a new sw.js
 * at each visit; `curriculum serve` answers with this one, which deletes this site's caches,
 * unregisters itself and reloads the open pages, so that the preview shows what it serves.
 */
"use strict";

var PREFIX = "curriculum:" + new URL("./", self.location).pathname + ":";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.registration.unregister();
    }).then(function () {
      return self.clients.matchAll({ type: "window" });
    }).then(function (windows) {
      windows.forEach(function (client) {
        client.navigate(client.url);
      });
    })
  );
});
