// Session: login with an admin key.
//
// GET /api/session says whether reads need a key and whether this browser is logged in. When reads need a key
// and it is not, the page shows only the login form and loads nothing; otherwise a discreet "Log in" link opens
// the same form (writes need a key). Logging in sets an HttpOnly cookie, so the script never keeps the key.

import { api, getJson } from "./api.js";
import { $, toast } from "./dom.js";
import { clearErrors, networkError } from "./forms.js";
import { loadIncidents, openIncidentFromHash } from "./incidents.js";
import { connect, watchConnection } from "./live.js";
import { loadMaintenance } from "./maintenance.js";
import { loadNotifications } from "./notifications.js";
import { resync } from "./sync.js";

const session = { authenticated: false, readAccess: "public", writesOpen: false, started: false };

/** Asks the hub about this browser's session; false when the page must stay locked behind the login form. */
export async function loadSession() {
  Object.assign(session, await getJson("/api/session"));
  const locked = session.readAccess === "key" && !session.authenticated && !session.writesOpen;
  $("login-open").hidden = session.authenticated || session.writesOpen || locked;
  $("logout").hidden = !session.authenticated;
  document.body.toggleAttribute("data-writer", session.authenticated || session.writesOpen); // app.css: .writer-only
  $("main").hidden = locked;
  if (locked) showLogin(true);
  return !locked;
}

export function showLogin(required) {
  const panel = $("login");
  panel.classList.toggle("required", required);
  $("login-reason").textContent = required
    ? "This hub's data is private: log in with an admin API key to see it."
    : "Log in with an admin API key to add, change and delete websites.";
  panel.hidden = false;
  $("login-key").focus();
}

function hideLogin() {
  $("login").hidden = true;
  $("login-key").value = "";
  clearErrors($("login-form"));
}

/** Loads the data and opens the event stream once reading is allowed. */
export function start() {
  loadMaintenance();
  loadNotifications();
  loadIncidents();
  if (session.started) {
    resync();
    return;
  }
  session.started = true;
  openIncidentFromHash();
  connect();
  resync();
  watchConnection();
}

export function setupSession() {
  $("login-open").addEventListener("click", () => showLogin(false));
  $("login-cancel").addEventListener("click", hideLogin);
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    const message = $("login-message");
    const button = $("login-submit");
    button.disabled = true;
    try {
      const result = await api("POST", "/api/session", { key: $("login-key").value });
      if (result.status === 204) {
        hideLogin();
        if (await loadSession()) start();
        toast("Logged in.");
      } else {
        message.textContent = result.status === 401 ? "That key is not valid."
          : result.status === 429 ? "Too many attempts; wait a minute and try again."
          : result.data?.detail ?? result.data?.title ?? `Logging in failed (HTTP ${result.status}).`;
        message.classList.add("error");
        $("login-key").select();
      }
    } catch (error) {
      networkError(form, error);
    } finally {
      button.disabled = false;
    }
  });
  $("logout").addEventListener("click", async () => {
    try {
      await api("DELETE", "/api/session");
    } finally {
      location.reload();
    }
  });
}
