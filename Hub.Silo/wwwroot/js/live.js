// The event stream (/api/events): tick batches, website changes, incident changes and the validator list, live. Events for websites
// on the page update them in place; those for other websites are ignored (a created or deleted website refreshes
// the page soon, for the totals). A stream silent too long is reopened; the page is reloaded periodically.

import { renderDetailHeader } from "./detail.js";
import { $, setText } from "./dom.js";
import { applyIncidentEvent } from "./incidents.js";
import { applyTicks, fetchWebsiteSoon, removeSite } from "./sites.js";
import { state } from "./state.js";
import { resync, resyncSoon } from "./sync.js";
import { applyValidators, refreshHeartbeats } from "./validators.js";

const resyncPeriodMs = 120_000;
const silenceLimitMs = 90_000;
const reconnectDelayMs = 5_000;

const stream = { source: null, everOpened: false, lastEventAt: Date.now(), reconnectTimer: 0 };

function setConnection(stateName, text) {
  const node = $("connection");
  if (node.dataset.state !== stateName) node.dataset.state = stateName;
  setText($("connection-text"), text);
}

export function connect() {
  clearTimeout(stream.reconnectTimer);
  stream.source?.close();
  const source = new EventSource("/api/events");
  stream.source = source;
  const seen = () => { stream.lastEventAt = Date.now(); };
  source.addEventListener("open", () => {
    seen();
    setConnection("live", "Live");
    if (stream.everOpened) resync(); // events were missed while disconnected
    stream.everOpened = true;
  });
  source.addEventListener("error", () => {
    if (stream.source.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. the hub answered an error): try again ourselves.
      setConnection("offline", "Offline, retrying…");
      stream.reconnectTimer = setTimeout(() => { stream.everOpened = true; connect(); }, reconnectDelayMs);
    } else {
      setConnection("reconnecting", "Reconnecting…");
    }
  });
  source.addEventListener("ticks", (event) => {
    seen();
    try { applyTicks(JSON.parse(event.data)); } catch (error) { console.error("bad ticks event", error); }
  });
  source.addEventListener("website", (event) => {
    seen();
    let change;
    try { change = JSON.parse(event.data); } catch (error) { console.error("bad website event", error); return; }
    if (change.action === "deleted") {
      removeSite(change.id);
      resyncSoon(5_000);
    } else if (change.action === "created") {
      resyncSoon(15_000);
    } else {
      if (state.sites.has(change.id)) fetchWebsiteSoon(change.id);
      resyncSoon(15_000); // a paused or resumed website changes the counts
    }
  });
  source.addEventListener("validators", (event) => {
    seen();
    try { applyValidators(JSON.parse(event.data)); } catch (error) { console.error("bad validators event", error); }
  });
  for (const kind of ["opened", "acknowledged", "note", "resolved"]) {
    source.addEventListener(`incident.${kind}`, (event) => {
      seen();
      try { applyIncidentEvent(JSON.parse(event.data)); } catch (error) { console.error(`bad incident.${kind} event`, error); }
    });
  }
  source.addEventListener("ping", seen); // the hub's keep-alive, every 15 s on a quiet stream
}

export function watchConnection() {
  setInterval(() => {
    // A connection that stays silent this long (validators come every few seconds) is stuck: start over.
    const source = stream.source;
    if (source && source.readyState === EventSource.OPEN && Date.now() - stream.lastEventAt > silenceLimitMs) {
      setConnection("reconnecting", "Reconnecting…");
      connect();
    }
  }, 10_000);
  setInterval(() => { if (!document.hidden) resync(); }, resyncPeriodMs);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) resync(); });
  setInterval(() => {
    refreshHeartbeats();
    if (state.selected) renderDetailHeader();
  }, 5_000);
}
