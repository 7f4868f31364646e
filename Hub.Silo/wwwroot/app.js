// Uptime dashboard: the websites and validators of the hub, live from server-sent events.
//
// Data flow: GET /api/dashboard?limit&offset&status&q&sort&order fills the page with one page of websites (the
// server filters, sorts by status or URL, counts every status and says how many match); /api/events
// (EventSource) then streams tick batches, website changes and the validator list. Events for websites on the
// page update them in place; those for other websites are ignored (a created or deleted website refreshes the
// page soon, for the totals). A row is built once per website and updated in place, keyed by id; every change
// only marks its row dirty, and one requestAnimationFrame callback applies all pending changes. The list is
// windowed: rows have a fixed height and only those near the viewport are in the document. Sorting by latency
// or uptime reorders the page only.

import {
  formatLatency, formatPercent, uptimeClass, formatCount, shortKey, relativeTime, formatTime, formatDateTime, formatDate,
  formatInterval,
} from "./format.js";
import { renderLatencyChart } from "./chart.js";

const recentLimit = 30;
const detailTickLimit = 20;
const resyncPeriodMs = 120_000;
const silenceLimitMs = 90_000;
const reconnectDelayMs = 5_000;
const pageSize = 100;
const filterDelayMs = 300;
const serverSorts = new Set(["status", "url"]);
const statusRank = { Down: 0, Degraded: 1, Unknown: 2, Up: 3, Paused: 4 };
const defaultDirection = { status: 1, url: 1, latency: -1, h24: 1, d7: 1, d30: 1 };
const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

const $ = (id) => document.getElementById(id);

const state = {
  loaded: false,
  pendingTicks: [],
  sites: new Map(),
  validators: new Map(),
  sort: { key: "status", direction: 1 },
  serverSort: { key: "status", direction: 1 },
  filter: { text: "", status: "" },
  offset: 0,
  total: 0,
  counts: { Up: 0, Down: 0, Degraded: 0, Unknown: 0, Paused: 0 },
  selected: null,
  window: "24h",
  visible: [],
};

/** The rows in the document: site ids mounted, the fixed row height (from --row-height) and overscan. */
const rows = { mounted: new Set(), height: 44, overscan: 8 };

// ---- Small DOM and HTTP helpers ----------------------------------------------------------------------

function h(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key in node && !key.includes("-")) node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setAttr(node, name, value) {
  if (value === null || value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

function badge(status) {
  return h("span", { class: "badge", "data-status": status, text: status });
}

/**
 * One JSON request; returns {ok, status, data} and never throws for HTTP errors (it does for network errors). Every
 * write declares JSON, a bodiless DELETE too: the hub refuses a write with the session cookie that does not.
 */
async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store",
  });
  let data = null;
  if (response.status !== 204 && (response.headers.get("content-type") ?? "").includes("json")) {
    data = await response.json().catch(() => null);
  }
  return { ok: response.ok, status: response.status, data };
}

async function getJson(path) {
  const result = await api("GET", path);
  if (!result.ok) throw new Error(`GET ${path} answered ${result.status}`);
  return result.data;
}

function parseTime(iso) {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
}

let toastTimer = 0;
function toast(message) {
  const node = $("toast");
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 4000);
}

// ---- Website model -----------------------------------------------------------------------------------

function displayStatus(site) {
  return site.enabled === false ? "Paused" : (site.status ?? "Unknown");
}

function toBeat(tick) {
  return {
    status: tick.status,
    latency: tick.latency ?? null,
    timestamp: tick.timestamp,
    ts: parseTime(tick.timestamp) ?? 0,
    error: tick.error ?? null,
    location: tick.location ?? null,
  };
}

function newSite(id) {
  return {
    id, url: "", interval: 30, enabled: true, status: "Unknown", statusChangedAt: null, lastLatency: null,
    lastCheckedAt: null, uptime: { h24: null, d7: null, d30: null }, recent: [], view: null, writtenAt: 0,
  };
}

/**
 * Orders the hub's answers about websites: a read takes a mark when it is sent, a write's answer one when it comes
 * back. A read sent before a write was answered may have been served before the write (the detail panel's load,
 * sent as the panel opens, often is), so it must not undo the write's settings: a pause undone that way made the
 * next click on the toggle pause again instead of resuming.
 */
let lastMark = 0;
function nextMark() {
  return ++lastMark;
}

/**
 * Merges a website from the API into the model. <paramref name="full"/> is true for /api/dashboard entries
 * (with uptime and recent ticks); single-website answers keep the uptime and beats already known.
 * <paramref name="mark"/> is the one taken when the request was sent.
 */
function upsertSite(data, full, mark) {
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
  }
  if (data.createdAt) site.createdAt = data.createdAt;
  if (data.ticksReceived !== undefined) site.ticksReceived = data.ticksReceived;

  // A snapshot older than the ticks already applied must not undo them.
  const localChecked = parseTime(site.lastCheckedAt);
  const serverChecked = parseTime(data.lastCheckedAt);
  if (localChecked === null || (serverChecked !== null && serverChecked >= localChecked)) {
    site.status = data.status ?? site.status;
    site.statusChangedAt = data.statusChangedAt ?? site.statusChangedAt;
    site.lastLatency = data.lastLatency ?? site.lastLatency;
    site.lastCheckedAt = data.lastCheckedAt ?? site.lastCheckedAt;
  } else if (created) {
    site.status = data.status ?? site.status;
  }

  if (full) {
    site.uptime = { h24: data.uptime?.h24 ?? null, d7: data.uptime?.d7 ?? null, d30: data.uptime?.d30 ?? null };
    const server = (data.recent ?? []).map(toBeat);
    const newest = server.length ? server[server.length - 1].ts : -Infinity;
    site.recent = [...server, ...site.recent.filter((b) => b.ts > newest)].slice(-recentLimit);
  } else if (site.recent.length === 0 && Array.isArray(data.validators) && data.validators.length) {
    // A website seen for the first time outside /api/dashboard: its validators' latest ticks start the bar.
    site.recent = data.validators.map(toBeat).sort((a, b) => a.ts - b.ts).slice(-recentLimit);
  }

  markDirty(site, created || before !== sortSignature(site));
  if (state.selected === site.id) detailDirty = true;
  return site;
}

/** Merges the website a write answered with; its settings stand against reads sent before this answer came. */
function applyWrite(data) {
  const mark = nextMark();
  upsertSite(data, false, mark).writtenAt = mark;
}

/** Ids deleted lately: ticks still in flight for them must not bring their rows back. */
const deleted = new Set();

/** Takes a website off the page: deleted on the hub, or just no longer on the page shown. */
function removeSite(id, deletedOnHub = true) {
  if (deletedOnHub) deleted.add(id);
  if (deleted.size > 1000) deleted.delete(deleted.values().next().value);
  const site = state.sites.get(id);
  if (!site) return;
  state.sites.delete(id);
  site.view?.row.remove();
  rows.mounted.delete(id);
  dirty.delete(id);
  orderDirty = true;
  schedule();
  if (state.selected === id) closeDetail(false);
}

/** True while ticks kept during a page load are applied to the page that came. */
let replaying = false;

/** Applies a batch of ticks from the event stream. */
function applyTicks(ticks) {
  if (!state.loaded) {
    state.pendingTicks.push(...ticks); // applied once /api/dashboard has answered
    if (state.pendingTicks.length > 20_000) state.pendingTicks.splice(0, state.pendingTicks.length - 20_000);
    return;
  }
  for (const tick of ticks) {
    const site = state.sites.get(tick.websiteId);
    if (!site) {
      // It may be on the page being loaded: kept until that page is in (once; the page's other ticks are dropped).
      if (resyncing && !replaying && state.pendingTicks.length < 20_000) state.pendingTicks.push(tick);
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
        countChange(site, tick.websiteStatus);
        site.status = tick.websiteStatus;
        site.statusChangedAt = tick.timestamp;
        if (state.selected === site.id) detailAddChange(change);
      }
    }
    if (state.selected === site.id) detailAddTick(tick);
    markDirty(site, before !== sortSignature(site));
  }
}

/** Moves a website on the page from its status to <paramref name="status"/> in the summary counts. */
function countChange(site, status) {
  if (site.enabled === false) return;
  const from = displayStatus(site);
  if (state.counts[from] > 0) state.counts[from]--;
  state.counts[status] = (state.counts[status] ?? 0) + 1;
  resyncSoon(10_000); // the server's counts and order, once the change is stored
}

const fetching = new Set();
function fetchWebsiteSoon(id) {
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

// ---- Rendering: dirty rows, one animation frame ------------------------------------------------------

const dirty = new Set();
let orderDirty = true;
let windowDirty = true;
let detailDirty = false;
let frame = 0;

function markDirty(site, affectsOrder) {
  dirty.add(site.id);
  if (affectsOrder) orderDirty = true;
  if (state.selected === site.id) detailDirty = true;
  schedule();
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(flush);
}

function flush() {
  frame = 0;
  const top = $("site-body").getBoundingClientRect().top; // read before any write, so no forced layout
  for (const id of dirty) {
    const site = state.sites.get(id);
    if (site?.view && rows.mounted.has(id)) renderRow(site); // others are rendered when they scroll in
  }
  dirty.clear();
  if (orderDirty) {
    orderDirty = false;
    applyOrder();
    windowDirty = true;
  }
  if (windowDirty) {
    windowDirty = false;
    renderWindow(top);
  }
  if (detailDirty) {
    detailDirty = false;
    renderDetailHeader();
  }
}

/** Mounts the rows of the visible websites that are in or near the viewport and unmounts the others. */
function renderWindow(top) {
  const body = $("site-body");
  const list = state.visible;
  const height = rows.height;
  const first = Math.max(0, Math.floor(-top / height) - rows.overscan);
  const last = Math.min(list.length - 1, Math.ceil((window.innerHeight - top) / height) + rows.overscan);
  const keep = new Set();
  const added = document.createDocumentFragment();
  for (let i = first; i <= last; i++) {
    const site = list[i];
    keep.add(site.id);
    if (!site.view) buildRow(site);
    const view = site.view;
    if (!rows.mounted.has(site.id)) {
      renderRow(site);
      added.appendChild(view.row);
    }
    if (view.index !== i || view.top !== i * height) {
      view.index = i;
      view.top = i * height;
      view.row.style.transform = `translateY(${view.top}px)`;
      view.row.setAttribute("aria-rowindex", String(i + 2));
    }
  }
  for (const id of rows.mounted) {
    if (keep.has(id)) continue;
    const site = state.sites.get(id);
    const view = site?.view;
    if (!view) continue;
    const index = view.row.contains(document.activeElement) ? list.indexOf(site) : -1;
    if (index >= 0) {
      // A focused row stays in the document (at its place) so that keyboard focus is not lost.
      keep.add(id);
      view.index = index;
      view.top = index * height;
      view.row.style.transform = `translateY(${view.top}px)`;
      view.row.setAttribute("aria-rowindex", String(index + 2));
    } else {
      view.row.remove();
      view.index = -1;
    }
  }
  rows.mounted = keep;
  body.appendChild(added);
}

function measureRows() {
  const value = parseFloat(getComputedStyle($("site-body")).getPropertyValue("--row-height"));
  if (value > 0 && value !== rows.height) {
    rows.height = value;
    orderDirty = true;
  }
  windowDirty = true;
  schedule();
}

function buildRow(site) {
  const beats = h("div", { class: "beats", role: "img" });
  for (let i = 0; i < recentLimit; i++) beats.appendChild(h("span", { class: "beat" }));
  const view = {
    badge: h("span", { class: "badge" }),
    url: h("span", { class: "url-text" }),
    sub: h("span", { class: "url-sub" }),
    beats,
    latency: h("div", { role: "cell", class: "num c-latency" }),
    h24: h("div", { role: "cell", class: "num" }),
    d7: h("div", { role: "cell", class: "num" }),
    d30: h("div", { role: "cell", class: "num" }),
  };
  view.row = h("div", { class: "site-row", role: "row", tabindex: "0", "data-id": site.id, "aria-selected": "false" },
    h("div", { role: "cell", class: "c-status" }, view.badge),
    h("div", { role: "cell", class: "c-url" }, view.url, view.sub),
    h("div", { role: "cell", class: "c-beats" }, beats),
    view.latency, view.h24, view.d7, view.d30);
  site.view = view;
}

function renderRow(site) {
  const view = site.view;
  const status = displayStatus(site);
  setAttr(view.row, "data-status", status);
  setAttr(view.row, "data-url", site.url);
  setAttr(view.row, "aria-selected", state.selected === site.id ? "true" : "false");
  setAttr(view.badge, "data-status", status);
  setText(view.badge, status);
  setText(view.url, site.url);
  setAttr(view.url, "title", site.url);
  setText(view.sub, site.enabled === false ? `paused · every ${formatInterval(site.interval)}` : `every ${formatInterval(site.interval)}`);
  setText(view.latency, formatLatency(site.lastLatency));
  setAttr(view.latency, "title", site.lastCheckedAt ? `Last check ${formatDateTime(site.lastCheckedAt)}` : "Not checked yet");
  for (const key of ["h24", "d7", "d30"]) {
    const value = site.uptime[key];
    setText(view[key], formatPercent(value));
    const cls = `num ${uptimeClass(value)}`.trim();
    if (view[key].className !== cls) view[key].className = cls;
  }

  const spans = view.beats.children;
  const offset = site.recent.length - recentLimit;
  let good = 0;
  let bad = 0;
  for (let i = 0; i < recentLimit; i++) {
    const beat = site.recent[offset + i];
    const span = spans[i];
    let cls = "beat";
    let title = "";
    if (beat) {
      const ok = beat.status === "Good";
      if (ok) good++; else bad++;
      cls = ok ? "beat good" : "beat bad";
      title = `${formatTime(beat.timestamp)} · ${ok ? "up" : "down"} · ${formatLatency(beat.latency)}`
        + (beat.location ? ` · ${beat.location}` : "") + (beat.error ? ` · ${beat.error}` : "");
    }
    if (span.className !== cls) span.className = cls;
    if (span.title !== title) span.title = title;
  }
  setAttr(view.beats, "aria-label", `Last ${good + bad} checks: ${good} up, ${bad} down`);
  setAttr(view.beats, "data-good", good);
  setAttr(view.beats, "data-bad", bad);
}

function sortSignature(site) {
  return `${displayStatus(site)}|${site.url}|${site.lastLatency}|${site.uptime.h24}|${site.uptime.d7}|${site.uptime.d30}`;
}

function compareSites(a, b) {
  const { key, direction } = state.sort;
  let result = 0;
  if (key === "status") {
    result = (statusRank[displayStatus(a)] ?? 2) - (statusRank[displayStatus(b)] ?? 2);
  } else if (key === "url") {
    result = collator.compare(a.url, b.url);
  } else {
    const va = key === "latency" ? a.lastLatency : a.uptime[key];
    const vb = key === "latency" ? b.lastLatency : b.uptime[key];
    if (va === null || va === undefined) {
      if (vb !== null && vb !== undefined) return 1; // nulls last, whatever the direction
    } else if (vb === null || vb === undefined) {
      return -1;
    } else {
      result = va - vb;
    }
  }
  result *= direction;
  return result || collator.compare(a.url, b.url) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function matchesFilter(site) {
  const { text, status } = state.filter;
  if (status && displayStatus(site) !== status) return false;
  return !text || site.url.toLowerCase().includes(text);
}

/** Sorts and filters the websites into state.visible; renderWindow then places the rows. */
function applyOrder() {
  const counts = state.counts;
  const visible = [];
  for (const site of state.sites.values()) {
    if (matchesFilter(site)) visible.push(site);
  }
  visible.sort(compareSites);
  state.visible = visible;

  const body = $("site-body");
  body.style.height = `${visible.length * rows.height}px`;
  setAttr($("site-table"), "aria-rowcount", visible.length + 1);
  for (const status of Object.keys(statusRank)) setText($(`count-${status}`), formatCount(counts[status]));
  const fleet = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const total = state.total;
  const first = visible.length ? state.offset + 1 : 0;
  const range = `${formatCount(first)}–${formatCount(state.offset + visible.length)} of ${formatCount(total)}`;
  setText($("websites-count"), total === fleet
    ? `${formatCount(fleet)} website${fleet === 1 ? "" : "s"}`
    : `${formatCount(total)} of ${formatCount(fleet)} websites match`);
  setText($("page-info"), state.loaded ? `Showing ${range}` : "");
  $("page-prev").disabled = state.offset === 0;
  $("page-next").disabled = state.offset + pageSize >= total;
  $("sites-empty").hidden = !state.loaded || fleet > 0;
  $("sites-none-match").hidden = !state.loaded || fleet === 0 || visible.length > 0;
  const down = counts.Down;
  const title = down ? `(${down} down) Uptime` : "Uptime";
  if (document.title !== title) document.title = title;
}

/** Scrolls the website at <paramref name="index"/> of the visible list into view and focuses its row. */
function focusIndex(index) {
  const site = state.visible[index];
  if (!site) return;
  const top = $("site-body").getBoundingClientRect().top + index * rows.height;
  const headerBottom = document.querySelector(".topbar").getBoundingClientRect().bottom;
  if (top < headerBottom) window.scrollBy(0, top - headerBottom - rows.height);
  else if (top + rows.height > window.innerHeight) window.scrollBy(0, top + 2 * rows.height - window.innerHeight);
  renderWindow($("site-body").getBoundingClientRect().top);
  site.view?.row.focus({ preventScroll: true });
}

// ---- Sorting and filtering controls ------------------------------------------------------------------

function setupListControls() {
  for (const header of document.querySelectorAll(".site-row-head [data-sort]")) {
    header.querySelector("button").addEventListener("click", () => {
      const key = header.dataset.sort;
      state.sort = state.sort.key === key
        ? { key, direction: -state.sort.direction }
        : { key, direction: defaultDirection[key] ?? 1 };
      for (const other of document.querySelectorAll(".site-row-head [data-sort]")) {
        const active = other.dataset.sort === state.sort.key;
        other.setAttribute("aria-sort", active ? (state.sort.direction > 0 ? "ascending" : "descending") : "none");
      }
      orderDirty = true;
      schedule();
      if (serverSorts.has(key)) {
        state.serverSort = { ...state.sort };
        showPage(0);
      }
    });
  }

  let filterTimer = 0;
  $("filter-text").addEventListener("input", (event) => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      const text = event.target.value.trim().toLowerCase();
      if (text === state.filter.text) return;
      state.filter.text = text;
      orderDirty = true;
      schedule();
      showPage(0);
    }, filterDelayMs);
  });
  $("page-prev").addEventListener("click", () => showPage(Math.max(0, state.offset - pageSize)));
  $("page-next").addEventListener("click", () => showPage(state.offset + pageSize));
  $("filter-status").addEventListener("change", (event) => setStatusFilter(event.target.value));
  for (const button of document.querySelectorAll(".summary-item")) {
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      const status = button.dataset.filter;
      setStatusFilter(state.filter.status === status ? "" : status);
    });
  }

  const body = $("site-body");
  body.addEventListener("click", (event) => {
    const row = event.target.closest(".site-row");
    if (row) openDetail(row.dataset.id);
  });
  body.addEventListener("keydown", (event) => {
    const row = event.target.closest(".site-row");
    if (!row) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openDetail(row.dataset.id);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const index = state.visible.indexOf(state.sites.get(row.dataset.id));
      focusIndex(index + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      focusIndex(event.key === "Home" ? 0 : state.visible.length - 1);
    }
  });
}

function setStatusFilter(status) {
  state.filter.status = status;
  $("filter-status").value = status;
  for (const button of document.querySelectorAll(".summary-item")) {
    button.setAttribute("aria-pressed", button.dataset.filter === status ? "true" : "false");
  }
  orderDirty = true;
  schedule();
  showPage(0);
}

/** Loads the page of websites that starts at <paramref name="offset"/> under the current filter and sort. */
function showPage(offset) {
  state.offset = offset;
  pageWanted = true;
  resync();
}

// ---- Validators --------------------------------------------------------------------------------------

function applyValidators(list) {
  const body = $("validator-body");
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
    body.appendChild(view.row); // keeps the sorted order; a no-op move for a row already in place
  }
  for (const [id, entry] of state.validators) {
    if (!seen.has(id)) {
      entry.view.row.remove();
      state.validators.delete(id);
    }
  }
  const online = list.filter((v) => v.online).length;
  setText($("validators-count"), list.length ? `${online} of ${list.length} online` : "");
  $("validators-empty").hidden = list.length > 0;
}

function refreshRelativeTimes() {
  for (const entry of state.validators.values()) {
    setText(entry.view.heartbeat, relativeTime(entry.data.lastHeartbeat));
  }
  if (state.selected) renderDetailHeader();
}

function validatorLocation(id) {
  return state.validators.get(id)?.data.location ?? (id ? shortKey(id) : "–");
}

// ---- Loading and the event stream --------------------------------------------------------------------

let resyncing = null;
let resyncTimer = 0;
let resyncDue = Infinity;

/** A resync within <paramref name="delay"/> ms (coalesced): new websites get their uptime figures this way. */
function resyncSoon(delay) {
  const due = Date.now() + delay;
  if (due >= resyncDue) return;
  clearTimeout(resyncTimer);
  resyncDue = due;
  resyncTimer = setTimeout(() => { resyncDue = Infinity; resync(); }, delay);
}

/** The /api/dashboard request for the current page, filter and sort. */
function dashboardPath() {
  const query = new URLSearchParams({ limit: String(pageSize), offset: String(state.offset) });
  if (state.filter.status) query.set("status", state.filter.status);
  if (state.filter.text) query.set("q", state.filter.text);
  query.set("sort", state.serverSort.key);
  query.set("order", state.serverSort.direction > 0 ? "asc" : "desc");
  return `/api/dashboard?${query}`;
}

/** Set when the page, filter or sort changed during a load: that load's answer is stale, so load again. */
let pageWanted = false;

/** Loads (or reloads) the current page from /api/dashboard and merges it into the list. */
function resync() {
  if (resyncing) return resyncing;
  resyncing = (async () => {
    try {
      pageWanted = false;
      const mark = nextMark();
      const data = await getJson(dashboardPath());
      if (pageWanted) return;
      if (data.offset > 0 && data.offset >= data.total) {
        // The page emptied (websites deleted or the filter narrowed): show the last page that has websites.
        state.offset = Math.max(0, Math.floor((data.total - 1) / pageSize) * pageSize);
        pageWanted = true;
        return;
      }
      state.total = data.total ?? 0;
      state.counts = { Up: 0, Down: 0, Degraded: 0, Unknown: 0, Paused: 0, ...data.counts };
      const ids = new Set();
      for (const website of data.websites ?? []) {
        ids.add(website.id);
        upsertSite(website, true, mark);
      }
      for (const id of [...state.sites.keys()]) {
        if (!ids.has(id)) removeSite(id, false);
      }
      applyValidators(data.validators ?? []);
      const first = !state.loaded;
      state.loaded = true;
      orderDirty = true;
      schedule();
      if (state.pendingTicks.length) {
        const pending = state.pendingTicks;
        state.pendingTicks = [];
        replaying = true;
        try { applyTicks(pending); } finally { replaying = false; }
      }
      if (first) openFromHash();
      else if (state.selected) refreshDetail(true);
    } catch (error) {
      toast(`Could not load the dashboard: ${error.message}`);
    } finally {
      resyncing = null;
      if (pageWanted) resync();
    }
  })();
  return resyncing;
}

let source = null;
let everOpened = false;
let lastEventAt = Date.now();
let reconnectTimer = 0;

function setConnection(stateName, text) {
  const node = $("connection");
  if (node.dataset.state !== stateName) node.dataset.state = stateName;
  setText($("connection-text"), text);
}

function connect() {
  clearTimeout(reconnectTimer);
  source?.close();
  source = new EventSource("/api/events");
  const seen = () => { lastEventAt = Date.now(); };
  source.addEventListener("open", () => {
    seen();
    setConnection("live", "Live");
    if (everOpened) resync(); // events were missed while disconnected
    everOpened = true;
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. the hub answered an error): try again ourselves.
      setConnection("offline", "Offline, retrying…");
      reconnectTimer = setTimeout(() => { everOpened = true; connect(); }, reconnectDelayMs);
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
  source.addEventListener("ping", seen); // the hub's keep-alive, every 15 s on a quiet stream
}

function watchConnection() {
  setInterval(() => {
    // A connection that stays silent this long (validators come every few seconds) is stuck: start over.
    if (source && source.readyState === EventSource.OPEN && Date.now() - lastEventAt > silenceLimitMs) {
      setConnection("reconnecting", "Reconnecting…");
      connect();
    }
  }, 10_000);
  setInterval(() => { if (!document.hidden) resync(); }, resyncPeriodMs);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) resync(); });
  setInterval(refreshRelativeTimes, 5_000);
}

// ---- Forms and problem details -----------------------------------------------------------------------

function clearErrors(form) {
  for (const node of form.querySelectorAll("[data-error-for]")) {
    node.textContent = "";
    node.classList.remove("error", "ok");
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

/** Shows a problem+json answer: each field's messages next to it, anything else in the form's message line. */
function showProblem(form, result, action) {
  const general = form.querySelector('[data-error-for="*"]');
  const errors = result.data?.errors;
  const rest = [];
  let firstInvalid = null;
  if (errors && typeof errors === "object") {
    for (const [field, messages] of Object.entries(errors)) {
      const text = (Array.isArray(messages) ? messages : [messages]).join(" ");
      const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (slot) slot.textContent = text;
      else rest.push(text);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        firstInvalid ??= input;
      }
    }
  }
  if (!errors || rest.length) {
    const title = result.data?.detail ?? result.data?.title;
    general.textContent = rest.length ? rest.join(" ")
      : result.status === 404 ? "This website no longer exists."
      : result.status === 401 ? "Log in with an admin key to make changes."
      : `${action} failed (HTTP ${result.status}${title ? `: ${title}` : ""}).`;
    general.classList.add("error");
  }
  if (result.status === 401) showLogin(false);
  else firstInvalid?.focus();
}

function networkError(form, error) {
  const general = form.querySelector('[data-error-for="*"]');
  general.textContent = `Could not reach the hub: ${error.message}`;
  general.classList.add("error");
}

function setupAddForm() {
  const form = $("add-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const url = $("add-url").value.trim();
    const intervalText = $("add-interval").value.trim();
    const body = { url };
    if (intervalText !== "") body.interval = Number(intervalText);
    else if ($("add-interval").validity.badInput) body.interval = $("add-interval").value;
    const button = $("add-submit");
    button.disabled = true;
    try {
      const result = await api("POST", "/api/websites", body);
      if (result.status === 201 && result.data) {
        resync(); // shows the new website if it belongs on the current page
        resyncSoon(15_000); // its uptime figures and the server's counts once it has been checked
        $("add-url").value = "";
        const message = $("add-message");
        message.textContent = `Added ${result.data.url}.`;
        message.classList.add("ok");
        $("add-url").focus();
      } else {
        showProblem(form, result, "Adding the website");
      }
    } catch (error) {
      networkError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}

// ---- Detail panel ------------------------------------------------------------------------------------

const detail = {
  generation: 0,
  ticks: [],
  changes: [],
  lastRefresh: 0,
  refreshTimer: 0,
  returnFocus: null,
  series: null,
};

function openDetail(id, focus = true) {
  const site = state.sites.get(id);
  if (!site) return;
  const previous = state.selected;
  state.selected = id;
  if (previous && previous !== id) {
    const old = state.sites.get(previous);
    if (old) markDirty(old, false);
  }
  markDirty(site, false);
  detail.returnFocus = site.view?.row ?? null;
  detail.ticks = [];
  detail.changes = [];
  detail.series = null;
  const panel = $("detail");
  panel.hidden = false;
  document.body.classList.add("has-detail");
  clearErrors($("interval-form"));
  $("detail-interval").value = site.interval;
  $("detail-stats").replaceChildren();
  $("detail-locations").replaceChildren();
  $("detail-ticks").replaceChildren();
  $("detail-changes").replaceChildren();
  $("detail-chart").replaceChildren();
  $("detail-legend").replaceChildren();
  renderDetailHeader();
  if (location.hash !== `#site=${id}`) history.replaceState(null, "", `#site=${id}`);
  if (focus) $("detail-close").focus();
  refreshDetail(true);
}

function closeDetail(restoreFocus = true) {
  const id = state.selected;
  state.selected = null;
  detail.generation++;
  clearTimeout(detail.refreshTimer);
  $("detail").hidden = true;
  document.body.classList.remove("has-detail");
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  const site = id ? state.sites.get(id) : null;
  if (site) markDirty(site, false);
  if (restoreFocus && detail.returnFocus?.isConnected) detail.returnFocus.focus();
}

function openFromHash() {
  const match = /^#site=([0-9a-fA-F-]{36})$/.exec(location.hash);
  if (match && state.sites.has(match[1])) openDetail(match[1], false);
}

function fact(label, value, title) {
  return h("div", {}, h("dt", { text: label }), h("dd", { text: value, title }));
}

function renderDetailHeader() {
  const site = state.sites.get(state.selected);
  if (!site) return;
  const status = displayStatus(site);
  const statusBadge = $("detail-badge");
  setAttr(statusBadge, "data-status", status);
  setText(statusBadge, status);
  const heading = $("detail-url");
  const link = heading.firstElementChild;
  if (!link || link.href !== new URL(site.url, location.href).href) {
    heading.replaceChildren(h("a", { href: site.url, target: "_blank", rel: "noopener noreferrer", text: site.url }));
  }
  $("detail-facts").replaceChildren(
    fact("Status since", relativeTime(site.statusChangedAt), formatDateTime(site.statusChangedAt)),
    fact("Last check", relativeTime(site.lastCheckedAt), formatDateTime(site.lastCheckedAt)),
    fact("Last latency", formatLatency(site.lastLatency)),
    fact("Interval", formatInterval(site.interval)),
    fact("Monitoring", site.enabled === false ? "Paused" : "Active"),
    fact("Added", formatDate(site.createdAt), formatDateTime(site.createdAt)),
    fact("Checks received", site.ticksReceived === undefined ? "–" : formatCount(site.ticksReceived)),
  );
  setText($("detail-toggle"), site.enabled === false ? "Resume" : "Pause");
  if (document.activeElement !== $("detail-interval") && !$("detail-interval").value) $("detail-interval").value = site.interval;
}

/** Loads the detail panel's data for the selected website; <paramref name="all"/> also reloads ticks and changes. */
async function refreshDetail(all) {
  const id = state.selected;
  if (!id) return;
  const generation = ++detail.generation;
  clearTimeout(detail.refreshTimer);
  detail.lastRefresh = Date.now();
  const windowName = state.window;
  const base = `/api/websites/${encodeURIComponent(id)}`;
  const mark = nextMark();
  const requests = [
    getJson(`${base}/stats?window=${windowName}`),
    getJson(`${base}/series?window=${windowName}`),
    all ? getJson(`${base}/ticks?limit=${detailTickLimit}`) : null,
    all ? getJson(`${base}/status-changes?limit=20`) : null,
    all ? api("GET", base) : null,
  ];
  const [stats, series, ticks, changes, website] = await Promise.allSettled(requests);
  if (generation !== detail.generation || state.selected !== id) return;

  if (website.value?.status === 404) {
    removeSite(id);
    toast("That website has been deleted.");
    return;
  }
  if (website.value?.ok) upsertSite(website.value.data, false, mark);
  if (stats.status === "fulfilled") renderStats(stats.value);
  else renderStats(null, stats.reason);
  if (series.status === "fulfilled") {
    detail.series = series.value;
    drawChart();
  } else {
    detail.series = null;
    $("detail-chart").replaceChildren(h("p", { class: "empty", text: `Latency series unavailable: ${series.reason.message}` }));
  }
  if (ticks.status === "fulfilled" && ticks.value) {
    detail.ticks = ticks.value.map((t) => ({ ...t, location: t.location ?? validatorLocation(t.validatorId) }));
    renderDetailTicks();
  }
  if (changes.status === "fulfilled" && changes.value) {
    detail.changes = changes.value;
    renderDetailChanges();
  }
  detail.refreshTimer = setTimeout(() => refreshDetail(false), 60_000);
}

/** A refresh of stats and chart soon after new ticks, at most every 10 s (1 h window) or 30 s. */
function refreshDetailSoon() {
  const minimum = state.window === "1h" ? 10_000 : 30_000;
  const due = detail.lastRefresh + minimum - Date.now();
  clearTimeout(detail.refreshTimer);
  detail.refreshTimer = setTimeout(() => refreshDetail(false), Math.max(due, 1_000));
}

function statCard(label, value, cls) {
  return h("div", { class: "stat" }, h("div", { class: "stat-label", text: label }), h("div", { class: `stat-value ${cls ?? ""}`, text: value }));
}

function renderStats(stats, error) {
  if (!stats) {
    $("detail-stats").replaceChildren(h("p", { class: "muted", text: `Statistics unavailable: ${error?.message ?? "no answer"}` }));
    $("detail-locations").replaceChildren();
    return;
  }
  const latency = stats.latency ?? {};
  $("detail-stats").replaceChildren(
    statCard("Uptime", formatPercent(stats.uptimePercent), uptimeClass(stats.uptimePercent)),
    statCard("Checks", formatCount(stats.checks)),
    statCard("Failures", formatCount(stats.failures), stats.failures > 0 ? "uptime-bad" : ""),
    statCard("p50", formatLatency(latency.p50)),
    statCard("p95", formatLatency(latency.p95)),
    statCard("p99", formatLatency(latency.p99)),
    statCard("Average", formatLatency(latency.avg)),
  );
  const rows = (stats.byLocation ?? [])
    .slice()
    .sort((a, b) => collator.compare(a.location ?? "", b.location ?? ""))
    .map((l) => h("tr", {},
      h("td", { text: l.location ?? "–" }),
      h("td", { class: `num ${uptimeClass(l.uptimePercent)}`, text: formatPercent(l.uptimePercent) }),
      h("td", { class: "num", text: formatCount(l.checks) }),
      h("td", { class: "num", text: formatCount(l.failures) }),
      h("td", { class: "num", text: formatLatency(l.latency?.p50) }),
      h("td", { class: "num", text: formatLatency(l.latency?.p95) }),
      h("td", { class: "num", text: formatLatency(l.latency?.p99) }),
      h("td", { class: "num", text: formatLatency(l.latency?.avg) })));
  $("detail-locations").replaceChildren(...(rows.length ? rows
    : [h("tr", {}, h("td", { colSpan: 8, class: "muted", text: "No checks in this window." }))]));
}

function drawChart() {
  if (!state.selected || !detail.series) return;
  renderLatencyChart($("detail-chart"), $("detail-legend"), detail.series, state.window);
}

function renderDetailTicks() {
  const rows = detail.ticks.map((t) => h("tr", {},
    h("td", { text: formatTime(t.timestamp), title: formatDateTime(t.timestamp) }),
    h("td", { text: t.location ?? validatorLocation(t.validatorId) }),
    h("td", { class: t.status === "Good" ? "tick-good" : "tick-bad", text: t.status === "Good" ? "Up" : "Down" }),
    h("td", { class: "num", text: formatLatency(t.latency) }),
    h("td", { class: "error-text", text: t.error ?? "" })));
  $("detail-ticks").replaceChildren(...(rows.length ? rows
    : [h("tr", {}, h("td", { colSpan: 5, class: "muted", text: "No checks yet." }))]));
}

function detailAddTick(tick) {
  detail.ticks.unshift({ ...tick, location: tick.location ?? validatorLocation(tick.validatorId) });
  detail.ticks.sort((a, b) => (parseTime(b.timestamp) ?? 0) - (parseTime(a.timestamp) ?? 0));
  detail.ticks.length = Math.min(detail.ticks.length, detailTickLimit);
  renderDetailTicks();
  refreshDetailSoon();
}

function renderDetailChanges() {
  const items = detail.changes.map((c) => h("li", {},
    h("time", { dateTime: c.at, text: formatDateTime(c.at) }),
    badge(c.from ?? "Unknown"), h("span", { "aria-label": "to", text: "→" }), badge(c.to ?? "Unknown")));
  $("detail-changes").replaceChildren(...(items.length ? items : [h("li", { class: "muted", text: "No status change recorded." })]));
}

function detailAddChange(change) {
  detail.changes.unshift(change);
  detail.changes.length = Math.min(detail.changes.length, 20);
  renderDetailChanges();
}

function setupDetail() {
  $("detail-close").addEventListener("click", () => closeDetail());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.selected && !$("confirm-delete").open) closeDetail();
  });

  const picker = $("window-picker");
  const choose = (button) => {
    state.window = button.dataset.window;
    for (const other of picker.querySelectorAll("[data-window]")) {
      other.setAttribute("aria-checked", other === button ? "true" : "false");
      other.tabIndex = other === button ? 0 : -1;
    }
    refreshDetail(false);
  };
  for (const button of picker.querySelectorAll("[data-window]")) {
    button.tabIndex = button.getAttribute("aria-checked") === "true" ? 0 : -1;
    button.addEventListener("click", () => choose(button));
  }
  picker.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const buttons = [...picker.querySelectorAll("[data-window]")];
    const index = buttons.indexOf(document.activeElement);
    const next = buttons[(index + (event.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length];
    next.focus();
    choose(next);
  });

  $("detail-toggle").addEventListener("click", async () => {
    const site = state.sites.get(state.selected);
    if (!site) return;
    const form = $("interval-form");
    clearErrors(form);
    const button = $("detail-toggle");
    button.disabled = true;
    try {
      const result = await api("PATCH", `/api/websites/${site.id}`, { enabled: site.enabled === false });
      if (result.ok && result.data) {
        applyWrite(result.data);
        toast(result.data.enabled ? `Resumed ${result.data.url}` : `Paused ${result.data.url}`);
      } else {
        showProblem(form, result, site.enabled === false ? "Resuming" : "Pausing");
      }
    } catch (error) {
      networkError(form, error);
    } finally {
      button.disabled = false;
    }
  });

  $("interval-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const site = state.sites.get(state.selected);
    if (!site) return;
    const form = event.currentTarget;
    clearErrors(form);
    const input = $("detail-interval");
    const interval = input.value.trim() === "" ? input.value : Number(input.value);
    try {
      const result = await api("PATCH", `/api/websites/${site.id}`, { interval });
      if (result.ok && result.data) {
        applyWrite(result.data);
        const message = $("detail-message");
        message.textContent = `Interval set to ${formatInterval(result.data.interval)}.`;
        message.classList.add("ok");
      } else {
        showProblem(form, result, "Saving the interval");
      }
    } catch (error) {
      networkError(form, error);
    }
  });

  const dialog = $("confirm-delete");
  $("detail-delete").addEventListener("click", () => {
    const site = state.sites.get(state.selected);
    if (!site) return;
    dialog.dataset.id = site.id;
    $("confirm-url").textContent = site.url;
    dialog.returnValue = "";
    dialog.showModal();
  });
  dialog.addEventListener("close", async () => {
    const id = dialog.dataset.id;
    if (dialog.returnValue !== "delete" || !id) return;
    const url = state.sites.get(id)?.url ?? "the website";
    try {
      const result = await api("DELETE", `/api/websites/${id}`);
      if (result.ok || result.status === 404) {
        removeSite(id);
        toast(`Deleted ${url}`);
      } else {
        toast(`Deleting failed (HTTP ${result.status}).`);
      }
    } catch (error) {
      toast(`Could not reach the hub: ${error.message}`);
    }
  });

  let resizeFrame = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(drawChart);
  }).observe($("detail-chart"));
}

// ---- Session: login with an admin key ---------------------------------------------------------------
//
// GET /api/session says whether reads need a key and whether this browser is logged in. When reads need a key
// and it is not, the page shows only the login form and loads nothing; otherwise a discreet "Log in" link opens
// the same form (writes need a key). Logging in sets an HttpOnly cookie, so the script never keeps the key.

const session = { authenticated: false, readAccess: "public", writesOpen: false, started: false };

async function loadSession() {
  Object.assign(session, await getJson("/api/session"));
  const locked = session.readAccess === "key" && !session.authenticated && !session.writesOpen;
  $("login-open").hidden = session.authenticated || session.writesOpen || locked;
  $("logout").hidden = !session.authenticated;
  $("main").hidden = locked;
  if (locked) showLogin(true);
  return !locked;
}

function showLogin(required) {
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
function start() {
  if (session.started) {
    resync();
    return;
  }
  session.started = true;
  connect();
  resync();
  watchConnection();
}

function setupSession() {
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

// ---- Start -------------------------------------------------------------------------------------------

setupListControls();
setupAddForm();
window.addEventListener("scroll", () => { windowDirty = true; schedule(); }, { passive: true });
window.addEventListener("resize", measureRows);
measureRows();
setupDetail();
setupSession();
loadSession()
  .then((readable) => { if (readable) start(); })
  .catch((error) => {
    toast(`Could not reach the hub: ${error.message}`);
    start();
  });
