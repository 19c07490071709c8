// Remembers the visitor's time zone, as the browser reports it, so the next page shows times in it.
(function () {
  "use strict";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("atheneum_tz=") === -1) {
      document.cookie = "atheneum_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) { /* an old browser: times stay in UTC */ }
})();
