// The Incidents card: the incidents (open ones first, then the newest), filtered by state; an incident's dialog with its
// facts, its timeline and the evidence votes of each entry, the notifications sent about it, and the operator's actions
// (acknowledge, resolve, add a note);
// the website detail panel's link to its open or latest incident. The live stream's incident events reload what shows it,
// and the list is reloaded every 30 s anyway.

import { api, getJson } from "./api.js";
import { showIncidentDeliveries } from "./deliveries.js";
import { $, badge, h, setText, toast } from "./dom.js";
import { formatDateTime, formatDuration, formatLatency, relativeTime, shortKey } from "./format.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { state } from "./state.js";

const listLimit = 100;
const reloadDelayMs = 300;
const refreshPeriodMs = 30_000;

const incidents = { shown: null, reloadTimer: 0, generation: 0 };

/**
 * Loads the list for the chosen state, newest first: with both states, the open incidents first (each state's newest
 * <c>listLimit</c>); again every <c>refreshPeriodMs</c>, for the durations and for a change whose event was missed.
 */
export async function loadIncidents() {
  clearTimeout(incidents.reloadTimer);
  incidents.reloadTimer = setTimeout(loadIncidents, refreshPeriodMs);
  const chosen = $("incidents-state").value;
  const states = chosen === "all" ? ["open", "resolved"] : [chosen];
  const generation = ++incidents.generation;
  try {
    const lists = await Promise.all(states.map((name) => getJson(`/api/incidents?state=${name}&limit=${listLimit}`)));
    if (generation === incidents.generation) renderList(states, lists.flat());
  } catch (error) {
    if (generation === incidents.generation) setText($("incidents-count"), `Could not load the incidents: ${error.message}`);
  }
}

function renderList(states, list) {
  const count = (name) => `${list.filter((i) => i.state === name).length} ${name}`;
  setText($("incidents-count"), states.map(count).join(", "));
  $("incidents-empty").hidden = list.length > 0;
  $("incidents-body").replaceChildren(...list.map((incident) => h("tr", { "data-incident": incident.id, "data-state": incident.state },
    h("td", {}, h("button", {
      type: "button", class: "link-button", "data-open": incident.id, text: incident.websiteUrl,
      "aria-label": `Incident of ${incident.websiteUrl}, opened ${formatDateTime(incident.openedAt)}`,
    })),
    h("td", {}, badge(incident.verdict)),
    h("td", {}, badge(incident.state === "open" ? "Open" : "Resolved")),
    h("td", { text: formatDateTime(incident.openedAt) }),
    h("td", { class: "num", text: formatDuration(incident.durationSeconds) }),
    h("td", { text: incident.acknowledgedBy ?? "–", title: incident.acknowledgedAt ? formatDateTime(incident.acknowledgedAt) : null }),
  )));
}

/** Opens the dialog of incident <paramref name="id"/>. */
export async function showIncident(id) {
  incidents.shown = id;
  clearErrors($("incident-form"));
  $("incident-note").value = "";
  const dialog = $("incident-dialog");
  if (!dialog.open) dialog.showModal();
  await refreshShown();
}

async function refreshShown() {
  const id = incidents.shown;
  if (!id) return;
  const result = await api("GET", `/api/incidents/${encodeURIComponent(id)}`).catch((error) => ({ error }));
  if (incidents.shown !== id) return;
  if (!result.ok) {
    setText($("incident-message"), result.status === 404 ? "This incident no longer exists." : `Could not load the incident (${result.error?.message ?? `HTTP ${result.status}`}).`);
    return;
  }
  renderIncident(result.data);
  showIncidentDeliveries($("incident-deliveries"), id);
}

function fact(label, value, title) {
  return h("div", {}, h("dt", { text: label }), h("dd", { text: value, title }));
}

function renderIncident(incident) {
  const open = incident.state === "open";
  $("incident-badge").dataset.status = incident.verdict;
  setText($("incident-badge"), incident.verdict);
  setText($("incident-title"), incident.websiteUrl);
  $("incident-facts").replaceChildren(
    fact("State", open ? "Open" : "Resolved"),
    fact("Reason", incident.reason),
    fact("Opened", relativeTime(incident.openedAt), formatDateTime(incident.openedAt)),
    fact("Duration", formatDuration(incident.durationSeconds) + (open ? " so far" : "")),
    fact("Acknowledged by", incident.acknowledgedBy ?? "–", incident.acknowledgedAt ? formatDateTime(incident.acknowledgedAt) : null),
    fact("Resolved", open ? "–" : `${incident.resolvedBy === "auto" ? "automatically" : `by ${incident.resolvedBy}`}: ${incident.resolution}`,
      incident.resolvedAt ? formatDateTime(incident.resolvedAt) : null),
  );
  $("incident-acknowledge").disabled = !open || incident.acknowledgedAt !== null;
  $("incident-resolve").disabled = !open;
  $("incident-timeline").replaceChildren(...incident.timeline.map(renderEntry));
}

const kindLabels = {
  opened: "Opened", confirmation: "Confirmation", verdict: "Verdict", acknowledged: "Acknowledged", note: "Note", resolved: "Resolved",
};

function renderEntry(entry) {
  const who = entry.actor === "auto" ? "automatically" : entry.actor ? `by ${entry.actor}` : "";
  return h("li", { "data-kind": entry.kind },
    h("time", { datetime: entry.at, text: formatDateTime(entry.at) }),
    h("strong", { text: kindLabels[entry.kind] ?? entry.kind }),
    who ? ` ${who}` : null,
    entry.text ? h("p", { class: "entry-text", text: entry.text }) : null,
    entry.votes.length ? renderVotes(entry.votes) : null);
}

function renderVotes(votes) {
  return h("div", { class: "table-scroll" }, h("table", { class: "table table-compact" },
    h("thead", {}, h("tr", {}, ...["Region", "Validator", "Time", "Result", "Error", "Latency", "Check", "Signature"]
      .map((label) => h("th", { scope: "col", text: label })))),
    h("tbody", {}, ...votes.map((vote) => h("tr", {},
      h("td", { text: vote.region }),
      h("td", { class: "key", text: shortKey(vote.publicKey ?? vote.validatorId), title: vote.publicKey ?? vote.validatorId }),
      h("td", { text: formatDateTime(vote.at) }),
      h("td", {}, h("span", { class: "badge", "data-status": vote.status === "Good" ? "Up" : "Down", text: vote.status })),
      h("td", { text: vote.error ?? "–" }),
      h("td", { class: "num", text: formatLatency(vote.latencyMs) }),
      h("td", { text: vote.confirmation ? "Confirmation" : "Scheduled" }),
      h("td", { class: "key", text: vote.signature ? shortKey(vote.signature) : "–", title: vote.signature ?? null }),
    )))));
}

/** Shows the open (or latest) incident of the website <paramref name="websiteId"/> in its detail panel, with a link to it. */
export async function showWebsiteIncident(websiteId) {
  const node = $("detail-incident");
  let latest;
  try {
    [latest] = await getJson(`/api/incidents?websiteId=${encodeURIComponent(websiteId)}&limit=1`);
  } catch {
    latest = undefined;
  }
  if (state.selected !== websiteId) return;
  node.hidden = !latest;
  if (!latest) return;
  const open = latest.state === "open";
  node.replaceChildren(
    h("strong", { text: open ? "Open incident: " : "Latest incident: " }),
    `${latest.verdict} ${open ? "since" : "on"} ${formatDateTime(latest.openedAt)}${open ? "" : `, resolved after ${formatDuration(latest.durationSeconds)}`} `,
    h("a", { href: `#incident=${latest.id}`, "data-open": latest.id, text: "View incident" }));
}

/** An incident event from the stream: reloads the list, the dialog showing it and the detail panel of its website. */
export function applyIncidentEvent(change) {
  clearTimeout(incidents.reloadTimer);
  incidents.reloadTimer = setTimeout(loadIncidents, reloadDelayMs);
  if (incidents.shown === change.id) refreshShown();
  if (state.selected === change.websiteId) showWebsiteIncident(change.websiteId);
}

async function act(action) {
  const id = incidents.shown;
  if (!id) return;
  const form = $("incident-form");
  clearErrors(form);
  const note = $("incident-note").value.trim();
  const body = action === "notes" ? { text: note } : note === "" ? {} : { note };
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  try {
    const result = await api("POST", `/api/incidents/${encodeURIComponent(id)}/${action}`, body);
    if (result.ok) {
      $("incident-note").value = "";
      renderIncident(result.data);
      toast(action === "acknowledge" ? "Acknowledged the incident." : action === "resolve" ? "Resolved the incident." : "Added the note.");
      loadIncidents();
      if (state.selected === result.data.websiteId) showWebsiteIncident(result.data.websiteId);
    } else if (result.status === 404) {
      setText($("incident-message"), "This incident no longer exists.");
    } else {
      showProblem(form, result, action === "notes" ? "Adding the note" : action === "resolve" ? "Resolving" : "Acknowledging");
      await refreshShown();
    }
  } catch (error) {
    networkError(form, error);
    await refreshShown();
  } finally {
    $("incident-add-note").disabled = false;
  }
}

/** Opens the incident of <c>#incident=&lt;id&gt;</c> in the address, if any. */
export function openIncidentFromHash() {
  const match = /^#incident=([0-9a-fA-F-]{36})$/.exec(location.hash);
  if (match) showIncident(match[1]);
}

export function setupIncidents() {
  $("incidents-state").addEventListener("change", loadIncidents);
  document.addEventListener("click", (event) => {
    const id = event.target.closest("[data-open]")?.dataset.open;
    if (!id) return;
    event.preventDefault();
    showIncident(id);
  });
  const dialog = $("incident-dialog");
  $("incident-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => { incidents.shown = null; });
  $("incident-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(event.submitter?.value ?? "notes");
  });
}
