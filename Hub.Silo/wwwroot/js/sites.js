// The website model: websites merged from the API and from the event stream's ticks, keyed by id. Every change
// marks the website's row dirty (list.js draws it) and, for the selected website, feeds the detail panel.

import { api } from "./api.js";
import { closeDetail, detailAddChange, detailAddTick } from "./detail.js";
import { uptimeTitle } from "./format.js";
import { copyLabels } from "./labels.js";
import { markDirty, unmountRow } from "./list.js";
import { policyFields } from "./regions.js";
import { recentLimit, state } from "./state.js";
import { isResyncing, resyncSoon } from "./sync.js";
import { validatorLocation } from "./validators.js";

/** Ids deleted lately or being deleted: ticks still in flight for them must not bring their rows back. */
const deleted = new Set();

/** Ids whose website is being fetched. */
const fetching = new Set();

/**
 * The stored ticks read for the beats of the first load, per website on the page: <c>ticks</c> by timestamp and
 * status, <c>newest</c> the newest one's time, <c>at</c> when the last read ended (or began, while <c>loading</c>).
 */
const tickDetails = new Map();

/** How soon a website's ticks are read again, after a failed read or for beats newer than the last one read. */
const tickDetailsRetryMs = 10_000;

/** True while ticks kept during a page load are applied to the page that came. */
let replaying = false;

/**
 * Orders the hub's answers about websites: a read takes a mark when it is sent, a write's answer one when it comes
 * back. A read sent before a write was answered may have been served before the write (the detail panel's load,
 * sent as the panel opens, often is), so it must not undo the write's settings: a pause undone that way made the
 * next click on the toggle pause again instead of resuming.
 */
let lastMark = 0;

export function nextMark() {
  return ++lastMark;
}

export function parseTime(iso) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
}

export function displayStatus(site) {
  return site.enabled === false ? "Paused" : (site.status ?? "Unknown");
}

/** Why the website has its status (e.g. "Down in 1 of 3 regions: eu-west"), or null when the hub gave no reason. */
export function statusReason(site) {
  return site.enabled === false ? null : (site.statusReason ?? null);
}

/**
 * A beat of the heartbeat bar. A live tick (and a validator's latest tick) says where it was checked from and why it
 * failed: its beat is <c>detailed</c>. /api/dashboard's recent ticks do not (see loadTickDetails).
 */
function toBeat(tick) {
  return {
    status: tick.status,
    latency: tick.latency ?? null,
    timestamp: tick.timestamp,
    ts: parseTime(tick.timestamp) ?? 0,
    error: tick.error ?? null,
    location: tick.location ?? (tick.validatorId ? validatorLocation(tick.validatorId) : null),
    detailed: Boolean(tick.location || tick.validatorId),
  };
}

function beatKey(ts, status) {
  return `${ts}|${status}`;
}

/** Gives the beats of <paramref name="beats"/> without details those of the same tick among <paramref name="known"/>. */
function keepDetails(beats, known) {
  const byKey = new Map();
  for (const beat of known) {
    if (!beat.detailed) continue;
    const key = beatKey(beat.ts, beat.status);
    byKey.set(key, [...(byKey.get(key) ?? []), beat]);
  }
  for (const beat of beats) {
    if (beat.detailed) continue;
    const same = byKey.get(beatKey(beat.ts, beat.status));
    const from = same?.shift();
    if (from) Object.assign(beat, { location: from.location, error: from.error, detailed: true });
  }
}

function newSite(id) {
  return {
    id, url: "", name: null, tags: [], interval: 30, enabled: true, status: "Unknown", statusChangedAt: null, lastLatency: null,
    lastCheckedAt: null, uptime: { h24: null, d7: null, d30: null }, uptimeTitle: { h24: "", d7: "", d30: "" }, recent: [],
    view: null, writtenAt: 0,
  };
}

function sortSignature(site) {
  return `${displayStatus(site)}|${site.url}|${site.name}|${site.tags}|${site.lastLatency}|${site.uptime.h24}|${site.uptime.d7}|${site.uptime.d30}`;
}

/**
 * Merges a website from the API into the model. <paramref name="full"/> is true for /api/dashboard entries
 * (with uptime and recent ticks); single-website answers keep the uptime and beats already known.
 * <paramref name="mark"/> is the one taken when the request was sent.
 */
export function upsertSite(data, full, mark) {
  let site = state.sites.get(data.id);
  const created = !site;
  if (created) {
    site = newSite(data.id);
    state.sites.set(site.id, site);
  }
  const before = sortSignature(site);

  if (mark > site.writtenAt) {
    site.url = data.url ?? site.url;
    site.interval = data.interval ?? site.interval;
    site.enabled = data.enabled ?? site.enabled;
    copyLabels(site, data);
    for (const field of policyFields) {
      if (field in data) site[field] = data[field];
    }
    // The dashboard's list rows carry none of these; a website's own answer does (pushUrl only to a writer).
    for (const field of ["type", "check", "pushUrl"]) {
      if (field in data) site[field] = data[field];
    }
  }
  if (data.maintenance) site.maintenance = data.maintenance;
  if (data.createdAt) site.createdAt = data.createdAt;
  if ("certificateExpiresAt" in data) site.certificateExpiresAt = data.certificateExpiresAt;

  // A snapshot older than the ticks already applied must not undo them.
  const localChecked = parseTime(site.lastCheckedAt);
  const serverChecked = parseTime(data.lastCheckedAt);
  if (localChecked === null || (serverChecked !== null && serverChecked >= localChecked)) {
    site.status = data.status ?? site.status;
    if ("statusReason" in data) site.statusReason = data.statusReason;
    if ("regionStatuses" in data) site.regionStatuses = data.regionStatuses;
    site.statusChangedAt = data.statusChangedAt ?? site.statusChangedAt;
    site.lastLatency = data.lastLatency ?? site.lastLatency;
    site.lastCheckedAt = data.lastCheckedAt ?? site.lastCheckedAt;
  } else if (created) {
    site.status = data.status ?? site.status;
    site.statusReason = data.statusReason ?? null;
  }

  if (full) {
    // The columns show uptime by time; the share of good checks goes into their tooltips.
    for (const key of ["h24", "d7", "d30"]) {
      site.uptime[key] = data.uptimeByTime?.[key]?.percent ?? null;
      site.uptimeTitle[key] = uptimeTitle(data.uptimeByTime?.[key], data.uptime?.[key]);
    }
    const server = (data.recent ?? []).map(toBeat);
    keepDetails(server, site.recent); // a live tick's details, and those read before, outlive the reload
    const newest = server.length ? server[server.length - 1].ts : -Infinity;
    site.recent = [...server, ...site.recent.filter((b) => b.ts > newest)].slice(-recentLimit);
    const details = tickDetails.get(site.id);
    if (details) fillDetails(site, details);
  } else if (site.recent.length === 0 && Array.isArray(data.validators) && data.validators.length) {
    // A website seen for the first time outside /api/dashboard: its validators' latest ticks start the bar.
    site.recent = data.validators.map(toBeat).sort((a, b) => a.ts - b.ts).slice(-recentLimit);
  }

  markDirty(site, created || before !== sortSignature(site));
  return site;
}

/** Merges the website a write answered with; its settings stand against reads sent before this answer came. */
export function applyWrite(data) {
  const mark = nextMark();
  upsertSite(data, false, mark).writtenAt = mark;
}

/** Takes a website off the page: deleted on the hub, or just no longer on the page shown. */
export function removeSite(id, deletedOnHub = true) {
  if (deletedOnHub) deleted.add(id);
  if (deleted.size > 1000) deleted.delete(deleted.values().next().value);
  tickDetails.delete(id);
  const site = state.sites.get(id);
  if (!site) return;
  state.sites.delete(id);
  unmountRow(site);
  if (state.selected === id) closeDetail(false);
}

/**
 * Deletes a website on the hub and takes it off the page. The live events of its last changes may still come in
 * while the request is out; they must not fetch it, since the hub answers that with 404, which the browser logs
 * as an error.
 */
export async function deleteSite(id) {
  deleted.add(id);
  let gone = false;
  try {
    const result = await api("DELETE", `/api/websites/${id}`);
    gone = result.ok || result.status === 404;
    return result;
  } finally {
    if (gone) removeSite(id);
    else deleted.delete(id);
  }
}

/** Applies a batch of ticks from the event stream. */
export function applyTicks(ticks) {
  if (!state.loaded) {
    state.pendingTicks.push(...ticks); // applied once /api/dashboard has answered
    if (state.pendingTicks.length > 20_000) state.pendingTicks.splice(0, state.pendingTicks.length - 20_000);
    return;
  }
  for (const tick of ticks) {
    const site = state.sites.get(tick.websiteId);
    if (!site) {
      // It may be on the page being loaded: kept until that page is in (once; the page's other ticks are dropped).
      if (isResyncing() && !replaying && state.pendingTicks.length < 20_000) state.pendingTicks.push(tick);
      continue;
    }
    const beat = toBeat(tick);
    if (site.recent.some((b) => b.ts === beat.ts && b.latency === beat.latency && b.status === beat.status)) continue;
    const before = sortSignature(site);

    let index = site.recent.length;
    while (index > 0 && site.recent[index - 1].ts > beat.ts) index--;
    site.recent.splice(index, 0, beat);
    if (site.recent.length > recentLimit) site.recent.splice(0, site.recent.length - recentLimit);

    const lastChecked = parseTime(site.lastCheckedAt);
    if (lastChecked === null || beat.ts >= lastChecked) {
      site.lastLatency = beat.latency;
      site.lastCheckedAt = tick.timestamp;
      if (tick.websiteStatus && tick.websiteStatus !== site.status) {
        const change = { at: tick.timestamp, from: site.status, to: tick.websiteStatus };
        site.status = tick.websiteStatus;
        site.statusReason = null; // the old status's reason; the reload below brings the new one
        site.statusChangedAt = tick.timestamp;
        if (state.selected === site.id) detailAddChange(change);
        resyncSoon(10_000); // the server's order, once the change is stored
      }
    }
    if (state.selected === site.id) detailAddTick(tick);
    markDirty(site, before !== sortSignature(site));
  }
}

/** Applies the ticks kept while the page was loading to the page that came. */
export function replayPendingTicks() {
  if (!state.pendingTicks.length) return;
  const pending = state.pendingTicks;
  state.pendingTicks = [];
  replaying = true;
  try { applyTicks(pending); } finally { replaying = false; }
}

export function fetchWebsiteSoon(id) {
  if (fetching.has(id) || deleted.has(id)) return;
  fetching.add(id);
  const mark = nextMark();
  api("GET", `/api/websites/${encodeURIComponent(id)}`)
    .then((result) => {
      if (result.ok && result.data) upsertSite(result.data, false, mark);
      else if (result.status === 404) removeSite(id);
    })
    .catch(() => {})
    .finally(() => fetching.delete(id));
}

// ---- Details of the first load's beats ------------------------------------------------------------------

/**
 * /api/dashboard's recent ticks carry status, latency and time only: every website grain keeps its last 30 in memory,
 * and a validator and an error more each would cost every website. So when the viewer hovers a beat without details
 * or focuses its row (list.js), the website's latest stored ticks are read once, from /api/websites/{id}/ticks, and
 * every beat of the row found there by time and status gets the location of its validator and its error. The answer
 * is kept: a beat a later reload brings is matched against it, and the hub is asked again only for beats newer than
 * its newest tick (the tick writer stores ticks a moment after the grain has them), at most every 10 s. A tick not
 * found (or a failed read) leaves its beat's tooltip with what it has.
 */
export function loadTickDetails(id) {
  const site = state.sites.get(id);
  if (!site) return;
  let details = tickDetails.get(id);
  if (details && fillDetails(site, details)) markDirty(site, false);
  const lacking = site.recent.filter((beat) => !beat.detailed);
  if (!lacking.length || details?.loading) return;
  const newest = Math.max(...lacking.map((beat) => beat.ts));
  if (details && (newest <= details.newest || Date.now() - details.at < tickDetailsRetryMs)) return;

  details ??= { ticks: new Map(), ids: new Set(), newest: -Infinity, at: 0, loading: false };
  tickDetails.set(id, details);
  details.loading = true;
  details.at = Date.now();
  const query = new URLSearchParams({ limit: String(2 * recentLimit), before: new Date(newest + 1).toISOString() });
  api("GET", `/api/websites/${encodeURIComponent(id)}/ticks?${query}`)
    .then((result) => {
      if (!result.ok || !Array.isArray(result.data)) return;
      for (const tick of result.data) {
        const ts = parseTime(tick.timestamp);
        if (ts === null || details.ids.has(tick.id)) continue;
        details.ids.add(tick.id);
        const key = beatKey(ts, tick.status);
        details.ticks.set(key, [...(details.ticks.get(key) ?? []), tick]);
        details.newest = Math.max(details.newest, ts);
      }
    })
    .catch(() => {})
    .finally(() => {
      details.loading = false;
      details.at = Date.now();
      const current = state.sites.get(id);
      if (current && tickDetails.get(id) === details && fillDetails(current, details)) markDirty(current, false);
    });
}

/** True if the beat drawn <paramref name="index"/>th in <paramref name="id"/>'s row has no details yet. */
export function lacksDetails(id, index) {
  const site = state.sites.get(id);
  const beat = site?.recent[site.recent.length - recentLimit + index];
  return beat ? !beat.detailed : false;
}

/** Gives the website's beats without details those of the stored ticks read; true if one got them. */
function fillDetails(site, details) {
  const used = new Map();
  let filled = false;
  for (const beat of site.recent) {
    if (beat.detailed) continue;
    const key = beatKey(beat.ts, beat.status);
    const n = used.get(key) ?? 0;
    const tick = details.ticks.get(key)?.[n];
    if (!tick) continue;
    used.set(key, n + 1);
    Object.assign(beat, { location: validatorLocation(tick.validatorId), error: tick.error ?? null, detailed: true });
    filled = true;
  }
  return filled;
}
