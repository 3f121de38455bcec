// Where the OAuth callback sends the popup (mcp.oauth.success-redirect / error-redirect in web.xml).
// The dashboard already shows the outcome through the WebSocket, so a popup just closes itself;
// a full-page authorization (popup blocked) goes back to the dashboard.
const error = new URLSearchParams(location.search).get("error");
if (error) {
  document.getElementById("outcome").textContent = "Authorization failed";
  document.getElementById("detail").textContent = error; // text, never HTML: it comes from the server
}
if (window.opener) {
  setTimeout(() => window.close(), error ? 1500 : 0);
} else {
  setTimeout(() => location.replace("./"), error ? 3000 : 500);
}
