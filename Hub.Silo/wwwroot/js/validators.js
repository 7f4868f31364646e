// The validator tables: one row per validator, updated in place from /api/dashboard and the event stream. Online
// validators are listed first, with those waiting for an operator's approval; offline and banned ones (often former
// runs of an agent that registered again under a new key) wait in a collapsed section with the time they were last
// seen, so they neither crowd the list nor the count. A validator's region is its location; one failing its canaries
// is marked impaired. Each row has the operator's buttons for its state: approve, ban (with an optional reason), unban,
// delete.

import { api, getJson } from "./api.js";
import { $, h, setAttr, setText, toast } from "./dom.js";
import { formatCount, formatDateTime, relativeTime, shortKey } from "./format.js";
import { collator, state } from "./state.js";

/** The buttons each state offers, in order. */
const actionsByState = {
  active: ["ban", "delete"],
  pending: ["approve", "ban", "delete"],
  banned: ["unban", "delete"],
};

const actionLabels = { approve: "Approve", ban: "Ban", unban: "Unban", delete: "Delete" };
const actionDone = { approve: "Approved", ban: "Banned", unban: "Unbanned", delete: "Deleted" };

/** Online first, then pending (they wait for the operator), then offline, then banned. */
function rank(data) {
  if (data.state === "banned") return 3;
  if (data.state === "pending") return 1;
  return data.online === true ? 0 : 2;
}

export function applyValidators(list) {
  const onlineBody = $("validator-body");
  const offlineBody = $("validator-offline-body");
  const seen = new Set();
  const sorted = [...list].sort((a, b) => (rank(a) - rank(b)) || collator.compare(a.location ?? "", b.location ?? ""));
  for (const data of sorted) {
    seen.add(data.id);
    let entry = state.validators.get(data.id);
    if (!entry) {
      const view = {
        location: h("td"), key: h("td", { class: "key" }), state: h("td"), heartbeat: h("td"),
        rate: h("td", { class: "num" }), actions: h("td"),
      };
      view.row = h("tr", { "data-id": data.id }, view.location, view.key, view.state, view.heartbeat, view.rate, view.actions);
      entry = { view };
      state.validators.set(data.id, entry);
    }
    entry.data = data;
    const view = entry.view;
    setText(view.location, data.location ?? "–");
    setText(view.key, shortKey(data.publicKey));
    setAttr(view.key, "title", data.publicKey);
    renderState(view.state, data);
    renderActions(view.actions, data);
    setAttr(view.heartbeat, "title", data.lastHeartbeat ? formatDateTime(data.lastHeartbeat) : null);
    setText(view.heartbeat, relativeTime(data.lastHeartbeat));
    setText(view.rate, data.ticksPerMinute === null || data.ticksPerMinute === undefined
      ? "–" : formatCount(Math.round(data.ticksPerMinute * 10) / 10));
    (rank(data) <= 1 ? onlineBody : offlineBody).appendChild(view.row); // keeps the sorted order; a no-op move for a row in place
  }
  for (const [id, entry] of state.validators) {
    if (!seen.has(id)) {
      entry.view.row.remove();
      state.validators.delete(id);
    }
  }
  const online = list.filter((v) => rank(v) === 0).length;
  const listedFirst = list.filter((v) => rank(v) <= 1).length;
  const banned = list.filter((v) => rank(v) === 3).length;
  const offline = list.length - listedFirst - banned;
  setText($("validators-count"), list.length ? `${formatCount(online)} online` : "");
  const apart = [offline ? `${formatCount(offline)} offline` : null, banned ? `${formatCount(banned)} banned` : null];
  setText($("validators-offline-summary"), apart.filter(Boolean).join(", "));
  $("validators-offline").hidden = offline + banned === 0;
  $("validators-none-online").hidden = listedFirst > 0 || list.length === 0;
  $("validators-empty").hidden = list.length > 0;
}

function renderState(cell, data) {
  const online = data.online === true;
  const text = data.state === "banned" ? "Banned"
    : data.state === "pending" ? "Pending approval"
    : online ? "Online" : "Offline";
  const impaired = data.impaired === true;
  const why = data.state === "banned"
    ? `Banned by ${data.bannedBy ?? "an operator"} ${data.bannedAt ? formatDateTime(data.bannedAt) : ""}: ${data.banReason ?? "no reason given"}`
    : null;
  setAttr(cell, "title", why);
  const shown = impaired ? `${text}|impaired|${data.impairedReason ?? ""}|${data.impairedSince ?? ""}` : text;
  if (cell.dataset.state === shown) return;
  cell.dataset.state = shown;
  const look = data.state === "banned" ? "state-banned" : data.state === "pending" ? "state-pending"
    : online ? "state-online" : "state-offline";
  const dot = data.state === "banned" ? "dot-down" : data.state === "pending" ? "dot-degraded" : online ? "dot-up" : "dot-unknown";
  cell.replaceChildren(h("span", { class: `state ${look}` }, h("span", { class: `dot ${dot}`, "aria-hidden": "true" }), text));
  if (impaired) cell.append(impairedBadge(data));
}

/** The badge of a validator failing its canaries: its ticks are shown but do not vote. */
function impairedBadge(data) {
  const since = data.impairedSince ? ` since ${formatDateTime(data.impairedSince)}` : "";
  const title = `Impaired${since}: ${data.impairedReason ?? "failing its canary checks"}. Its ticks are shown but do not count toward Down.`;
  return h("span", { class: "badge badge-impaired", title, text: "Impaired" });
}

function renderActions(cell, data) {
  const validatorState = data.state ?? "active";
  if (cell.dataset.state === validatorState) return;
  cell.dataset.state = validatorState;
  const who = `${data.location ?? ""} ${shortKey(data.publicKey)}`.trim();
  cell.replaceChildren(h("div", { class: "validator-actions" }, ...(actionsByState[validatorState] ?? []).map((action) =>
    h("button", {
      type: "button", class: `btn btn-small${action === "ban" || action === "delete" ? " btn-danger" : ""}`,
      "data-action": action, "aria-label": `${actionLabels[action]} ${who}`, text: actionLabels[action],
    }))));
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

/** Wires the validators' buttons: approve and unban at once, ban and delete after a confirmation. */
export function setupValidatorActions() {
  const dialog = $("validator-dialog");
  document.querySelector(".validators").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    const id = button?.closest("tr")?.dataset.id;
    if (!id) return;
    const action = button.dataset.action;
    if (action === "approve" || action === "unban") {
      act(id, action);
      return;
    }
    const data = state.validators.get(id)?.data;
    const who = data ? `${data.location} (${data.publicKey})` : "this validator";
    dialog.dataset.id = id;
    dialog.dataset.action = action;
    setText($("validator-dialog-title"), action === "ban" ? "Ban this validator?" : "Delete this validator?");
    setText($("validator-dialog-text"), action === "ban"
      ? `${who} is disconnected at once and refused until it is unbanned.`
      : `${who} is disconnected and forgotten; if it connects again it registers anew.`);
    setText($("validator-dialog-confirm"), actionLabels[action]);
    $("validator-reason-field").hidden = action !== "ban";
    $("validator-reason").value = "";
    dialog.returnValue = "";
    dialog.showModal();
    if (action === "ban") $("validator-reason").focus();
  });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "confirm" || !dialog.dataset.id) return;
    const reason = $("validator-reason").value.trim();
    act(dialog.dataset.id, dialog.dataset.action, reason === "" ? {} : { reason });
  });
}

async function act(id, action, body) {
  const data = state.validators.get(id)?.data;
  const who = data ? `${data.location} (${shortKey(data.publicKey)})` : "the validator";
  const path = action === "delete" ? `/api/validators/${id}` : `/api/validators/${id}/${action}`;
  try {
    const result = await api(action === "delete" ? "DELETE" : "POST", path, body);
    if (result.ok) {
      toast(`${actionDone[action]} ${who}.`);
      applyValidators(await getJson("/api/validators"));
      return;
    }
    const errors = result.data?.errors ? Object.values(result.data.errors).flat().join(" ") : null;
    toast(result.status === 401 ? "Log in with an admin key to manage validators."
      : errors ?? result.data?.detail ?? `${actionLabels[action]} failed (HTTP ${result.status}).`);
  } catch (error) {
    toast(`Could not reach the hub: ${error.message}`);
  }
}
