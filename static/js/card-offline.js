// The service worker of the certificate pages (served as /certificates/sw.js, scope
// /certificates/). It keeps the holder's last loaded show-mode card (亮证) — the page, its photo
// and the stylesheet — so that the card still shows when the phone is offline. Network first:
// online, every request goes to the server as usual and the copy is refreshed; only a failed
// request falls back to the copy. Nothing else is stored. Signing out clears it all
// (Clear-Site-Data).
'use strict';
var CACHE = 'card-v1';
var KEPT = [/^\/certificates\/\d+\/show$/, /^\/certificates\/\d+\/photo$/, /^\/static\//];

function kept(url) {
  return url.origin === self.location.origin && KEPT.some(function (re) { return re.test(url.pathname); });
}

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

// The show page names what it needs kept (its own address, the photo, the stylesheet).
self.addEventListener('message', function (event) {
  var urls = (event.data && event.data.keep) || [];
  urls = urls.filter(function (u) { return kept(new URL(u, self.location.origin)); });
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(urls); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || !kept(new URL(request.url))) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    // Offline: the kept copy, found by its address alone (the kept copy was fetched with other
    // headers than a navigation sends).
    var url = new URL(request.url);
    return caches.open(CACHE).then(function (cache) {
      return cache.match(url.pathname, { ignoreVary: true, ignoreSearch: true });
    }).then(function (hit) { return hit || Response.error(); });
  }));
});
