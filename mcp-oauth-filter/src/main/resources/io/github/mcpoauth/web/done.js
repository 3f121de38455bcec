// done.js: the script of mcp-oauth-filter's built-in end of the OAuth popup (<path>/done).
// Tells the page that opened the popup how the authorization ended, only if that page is of this
// origin, then closes the popup. Without such an opener (popup blocked, a same-tab flow) it goes
// to the application's context root, with the error in the query when the authorization failed.
(() => {
  const params = new URLSearchParams(location.search);
  const text = (name) => params.get(name);
  const outcome = { type: "mcp-oauth-callback", serverId: text("serverId"), state: text("state"), error: text("error") };

  let opener = null;
  try {
    // reading a cross-origin opener's location throws: such an opener is never told anything
    if (window.opener && window.opener !== window && window.opener.location.origin === location.origin) {
      opener = window.opener;
    }
  } catch (e) {
    opener = null;
  }
  if (opener) {
    opener.postMessage(outcome, location.origin);
    window.close();
    return;
  }
  const home = document.getElementById("home").getAttribute("href");
  location.replace(outcome.error ? home + "?error=" + encodeURIComponent(outcome.error) : home);
})();
