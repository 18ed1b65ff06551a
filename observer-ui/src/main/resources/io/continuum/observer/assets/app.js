// A page kept in the back/forward cache must not keep its live streams open: a browser allows six
// connections per host, and every cached page would hold one until the next page could not load.
// Close them when the page is hidden; a page shown again from the cache reloads to go live again.
window.addEventListener("pagehide", function () {
  // The SSE extension closes an element's stream when htmx cleans the element up.
  document.querySelectorAll("[sse-connect]").forEach(function (el) {
    htmx.trigger(el, "htmx:beforeCleanupElement");
  });
});
window.addEventListener("pageshow", function (event) {
  if (event.persisted) {
    window.location.reload();
  }
});
