// The validator tables: one row per validator, updated in place from /api/dashboard and the event stream. Online
// validators are listed first; offline ones (often former runs of an agent that registered again under a new key)
// wait in a collapsed section with the time they were last seen, so they neither crowd the list nor the count.

import { $, h, setAttr, setText } from "./dom.js";
import { formatCount, formatDateTime, relativeTime, shortKey } from "./format.js";
import { collator, state } from "./state.js";

export function applyValidators(list) {
  const onlineBody = $("validator-body");
  const offlineBody = $("validator-offline-body");
  const seen = new Set();
  const sorted = [...list].sort((a, b) => (b.online - a.online) || collator.compare(a.location ?? "", b.location ?? ""));
  for (const data of sorted) {
    seen.add(data.id);
    let entry = state.validators.get(data.id);
    if (!entry) {
      const view = {
        location: h("td"), key: h("td", { class: "key" }), state: h("td"), heartbeat: h("td"),
        rate: h("td", { class: "num" }),
      };
      view.row = h("tr", { "data-id": data.id }, view.location, view.key, view.state, view.heartbeat, view.rate);
      entry = { view };
      state.validators.set(data.id, entry);
    }
    entry.data = data;
    const view = entry.view;
    setText(view.location, data.location ?? "–");
    setText(view.key, shortKey(data.publicKey));
    setAttr(view.key, "title", data.publicKey);
    const online = data.online === true;
    const stateText = online ? "Online" : "Offline";
    if (view.state.dataset.state !== stateText) {
      view.state.dataset.state = stateText;
      view.state.replaceChildren(h("span", { class: `state ${online ? "state-online" : "state-offline"}` },
        h("span", { class: `dot ${online ? "dot-up" : "dot-unknown"}`, "aria-hidden": "true" }), stateText));
    }
    setAttr(view.heartbeat, "title", data.lastHeartbeat ? formatDateTime(data.lastHeartbeat) : null);
    setText(view.heartbeat, relativeTime(data.lastHeartbeat));
    setText(view.rate, data.ticksPerMinute === null || data.ticksPerMinute === undefined
      ? "–" : formatCount(Math.round(data.ticksPerMinute * 10) / 10));
    (online ? onlineBody : offlineBody).appendChild(view.row); // keeps the sorted order; a no-op move for a row in place
  }
  for (const [id, entry] of state.validators) {
    if (!seen.has(id)) {
      entry.view.row.remove();
      state.validators.delete(id);
    }
  }
  const online = list.filter((v) => v.online === true).length;
  const offline = list.length - online;
  setText($("validators-count"), list.length ? `${formatCount(online)} online` : "");
  setText($("validators-offline-summary"), `${formatCount(offline)} offline`);
  $("validators-offline").hidden = offline === 0;
  $("validators-none-online").hidden = online > 0 || list.length === 0;
  $("validators-empty").hidden = list.length > 0;
}

/** Rewrites the "12 s ago" of every validator's last heartbeat. */
export function refreshHeartbeats() {
  for (const entry of state.validators.values()) {
    setText(entry.view.heartbeat, relativeTime(entry.data.lastHeartbeat));
  }
}

export function validatorLocation(id) {
  return state.validators.get(id)?.data.location ?? (id ? shortKey(id) : "–");
}
