/* The course offline: this service worker keeps every file of the published site in a cache.
 *
 * generator/offline.py writes it at the site's root (so that its scope is the whole site, which on
 * GitHub Pages is /<repo>/) with FILES filled in: every file of the build, with a hash of its
 * content. On the first visit it stores them all; each request of the site is then answered from
 * the cache, and from the network only for what the cache lacks. A republished site is a new list:
 * the browser installs it on the next visit, which keeps the files whose hash did not change, fetches
 * the others, deletes the old cache and tells the open pages. Learners' data (localStorage) is
 * never touched here.
 */
"use strict";

var FILES = []; // [path relative to the site's root, content hash]: written at build time
var VERSION = ""; // a hash of FILES: written at build time

var SCOPE = new URL("./", self.location).href;
// One cache per site: a GitHub Pages origin holds every project site of its owner.
var PREFIX = "curriculum:" + new URL(SCOPE).pathname + ":";
var CACHE = PREFIX + VERSION;
var HASH = "x-curriculum-hash";

function cacheKey(url) {
  var key = new URL(url);
  key.search = "";
  key.hash = "";
  key.pathname = key.pathname.replace(/\/index\.html$/, "/");
  return key.href;
}

// The response kept for a file: from an older cache of this site if its content did not change.
function earlier(url, hash, caches_) {
  return caches_.reduce(function (found, name) {
    return found.then(function (response) {
      if (response) return response;
      return caches.open(name).then(function (cache) {
        return cache.match(url).then(function (old) {
          return old && old.headers.get(HASH) === hash ? old : null;
        });
      });
    });
  }, Promise.resolve(null));
}

function fetched(url, hash) {
  return fetch(url, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error(url + " answered " + response.status);
    return response.blob().then(function (body) {
      var headers = new Headers(response.headers);
      headers.set(HASH, hash);
      return new Response(body, { status: 200, headers: headers });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      var older = names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      });
      return caches.open(CACHE).then(function (cache) {
        return Promise.all(FILES.map(function (file) {
          var url = cacheKey(new URL(file[0], SCOPE));
          return earlier(url, file[1], older).then(function (old) {
            return old || fetched(url, file[1]);
          }).then(function (response) {
            return cache.put(url, response);
          });
        }));
      });
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      var older = names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      });
      return Promise.all(older.map(function (name) {
        return caches.delete(name);
      })).then(function () {
        return self.clients.claim();
      }).then(function () {
        if (!older.length) return null;
        return self.clients.matchAll({ type: "window" }).then(function (windows) {
          windows.forEach(function (client) {
            client.postMessage({ type: "curriculum:updated" });
          });
        });
      });
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(cacheKey(request.url)).then(function (hit) {
        if (hit) return hit;
        return fetch(request).catch(function () {
          if (request.mode !== "navigate") return Response.error();
          return cache.match(cacheKey(new URL("404.html", SCOPE))).then(function (page) {
            return page || Response.error();
          });
        });
      });
    })
  );
});
