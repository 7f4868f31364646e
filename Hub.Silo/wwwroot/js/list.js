// The website list: one row per website, built once and updated in place. Every change only marks its row dirty,
// and one requestAnimationFrame callback applies all pending changes. The list is windowed: rows have a fixed
// height and only those near the viewport are in the document. Sorting by latency or uptime reorders the page
// only; sorting by status or URL, filtering and paging load another page from the hub.

import { openDetail, renderDetailHeader } from "./detail.js";
import { $, h, setAttr, setText } from "./dom.js";
import {
  formatCount, formatDateTime, formatInterval, formatLatency, formatPercent, formatTime, uptimeClass,
} from "./format.js";
import { parseTagFilter, tagChips } from "./labels.js";
import { displayStatus, lacksDetails, loadTickDetails, statusReason } from "./sites.js";
import { collator, pageSize, recentLimit, state } from "./state.js";
import { showPage } from "./sync.js";

const filterDelayMs = 300;
const serverSorts = new Set(["status", "url"]);
const statusRank = { Down: 0, Degraded: 1, Maintenance: 2, Unknown: 3, Up: 4, Paused: 5 };
const defaultDirection = { status: 1, url: 1, latency: -1, h24: 1, d7: 1, d30: 1 };

/** The rows in the document: site ids mounted, the fixed row height (from --row-height) and overscan. */
const rows = { mounted: new Set(), height: 44, overscan: 8 };

/** What the next animation frame redraws. */
const pending = { dirty: new Set(), order: true, window: true, detail: false, frame: 0 };

// ---- Rendering: dirty rows, one animation frame ------------------------------------------------------

export function markDirty(site, affectsOrder) {
  pending.dirty.add(site.id);
  if (affectsOrder) pending.order = true;
  if (state.selected === site.id) pending.detail = true;
  schedule();
}

/** Sorts and filters the page again at the next frame. */
export function invalidateOrder() {
  pending.order = true;
  schedule();
}

/** Takes the row of a website that left the page out of the document. */
export function unmountRow(site) {
  site.view?.row.remove();
  rows.mounted.delete(site.id);
  pending.dirty.delete(site.id);
  invalidateOrder();
}

function schedule() {
  if (!pending.frame) pending.frame = requestAnimationFrame(flush);
}

function flush() {
  pending.frame = 0;
  const top = $("site-body").getBoundingClientRect().top; // read before any write, so no forced layout
  for (const id of pending.dirty) {
    const site = state.sites.get(id);
    if (site?.view && rows.mounted.has(id)) renderRow(site); // others are rendered when they scroll in
  }
  pending.dirty.clear();
  if (pending.order) {
    pending.order = false;
    applyOrder();
    pending.window = true;
  }
  if (pending.window) {
    pending.window = false;
    renderWindow(top);
  }
  if (pending.detail) {
    pending.detail = false;
    renderDetailHeader();
  }
}

/** Mounts the rows of the visible websites that are in or near the viewport and unmounts the others. */
function renderWindow(top) {
  const body = $("site-body");
  const list = state.visible;
  const height = rows.height;
  // A viewport below the list's end (a long page replaced by a short one, before the browser clamps the scroll) still
  // shows the list's last rows.
  const fit = Math.ceil(window.innerHeight / height);
  const first = Math.max(0, Math.min(Math.floor(-top / height), list.length - fit) - rows.overscan);
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
    pending.order = true;
  }
  pending.window = true;
  schedule();
}

function buildRow(site) {
  const beats = h("div", { class: "beats", role: "img" });
  for (let i = 0; i < recentLimit; i++) beats.appendChild(h("span", { class: "beat" }));
  const view = {
    badge: h("span", { class: "badge" }),
    url: h("span", { class: "url-text" }),
    tags: h("span", { class: "chips" }),
    subText: h("span"),
    beats,
    latency: h("div", { role: "cell", class: "num c-latency" }),
    h24: h("div", { role: "cell", class: "num", "data-window": "h24" }),
    d7: h("div", { role: "cell", class: "num", "data-window": "d7" }),
    d30: h("div", { role: "cell", class: "num", "data-window": "d30" }),
  };
  view.row = h("div", { class: "site-row", role: "row", tabindex: "0", "data-id": site.id, "aria-selected": "false" },
    h("div", { role: "cell", class: "c-status" }, view.badge),
    h("div", { role: "cell", class: "c-url" }, view.url, h("span", { class: "url-sub" }, view.tags, view.subText)),
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
  const reason = statusReason(site);
  setAttr(view.badge, "title", reason);
  setText(view.url, site.name ?? site.url);
  setAttr(view.url, "title", site.name ? `${site.name} (${site.url})` : site.url);
  const tags = site.tags.join(" ");
  if (view.tags.dataset.tags !== tags) {
    view.tags.dataset.tags = tags;
    view.tags.replaceChildren(...tagChips(site.tags));
  }
  const every = site.enabled === false ? `paused · every ${formatInterval(site.interval)}` : `every ${formatInterval(site.interval)}`;
  const sub = site.name ? `${site.url} · ${every}` : every;
  setText(view.subText, reason ? `${sub} · ${reason}` : sub);
  setText(view.latency, formatLatency(site.lastLatency));
  setAttr(view.latency, "title", site.lastCheckedAt ? `Last check ${formatDateTime(site.lastCheckedAt)}` : "Not checked yet");
  for (const key of ["h24", "d7", "d30"]) {
    const value = site.uptime[key];
    setText(view[key], formatPercent(value));
    setAttr(view[key], "title", site.uptimeTitle[key]);
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

function compareSites(a, b) {
  const { key, direction } = state.sort;
  let result = 0;
  if (key === "status") {
    result = (statusRank[displayStatus(a)] ?? statusRank.Unknown) - (statusRank[displayStatus(b)] ?? statusRank.Unknown);
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
  const { text, status, tag } = state.filter;
  if (status && displayStatus(site) !== status) return false;
  if (tag && !site.tags.includes(tag)) return false;
  return !text || site.url.toLowerCase().includes(text) || Boolean(site.name?.toLowerCase().includes(text));
}

/**
 * The count per status and the number of websites matching the filter: the last answer's figures for the websites
 * off the page plus the page's websites as their rows show them, so a status a row shows is the one counted.
 */
function pageTotals(visible) {
  const counts = { ...state.offPage.counts };
  for (const site of state.sites.values()) {
    const status = displayStatus(site);
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return { counts, total: state.offPage.total + visible.length };
}

/** The websites count, the header's counts and the list's placeholders before the first data and after a failed load. */
function renderLoadState() {
  const error = state.loadError;
  setText($("websites-count"), error ? "Not loaded" : "Loading…");
  for (const status of Object.keys(statusRank)) setText($(`count-${status}`), "–");
  setText($("sites-error"), error ? `Could not load the websites: ${error}. Trying again…` : "");
  $("sites-error").hidden = !error;
  $("sites-loading").hidden = Boolean(error);
  setAttr($("site-table"), "aria-busy", "true");
}

/** Sorts and filters the websites into state.visible; renderWindow then places the rows. */
function applyOrder() {
  if (!state.loaded) {
    renderLoadState();
    return;
  }
  $("sites-loading").hidden = true;
  $("sites-error").hidden = true;
  setAttr($("site-table"), "aria-busy", "false");
  const visible = [];
  for (const site of state.sites.values()) {
    if (matchesFilter(site)) visible.push(site);
  }
  visible.sort(compareSites);
  state.visible = visible;
  const { counts, total } = pageTotals(visible);

  const body = $("site-body");
  body.style.height = `${visible.length * rows.height}px`;
  setAttr($("site-table"), "aria-rowcount", visible.length + 1);
  for (const status of Object.keys(statusRank)) setText($(`count-${status}`), formatCount(counts[status]));
  const fleet = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const first = visible.length ? state.offset + 1 : 0;
  const range = `${formatCount(first)}–${formatCount(state.offset + visible.length)} of ${formatCount(total)}`;
  setText($("websites-count"), total === fleet
    ? `${formatCount(fleet)} website${fleet === 1 ? "" : "s"}`
    : `${formatCount(total)} of ${formatCount(fleet)} websites match`);
  setText($("page-info"), `Showing ${range}`);
  $("page-prev").disabled = state.offset === 0;
  $("page-next").disabled = state.offset + pageSize >= total;
  $("sites-empty").hidden = fleet > 0;
  $("sites-none-match").hidden = fleet === 0 || visible.length > 0;
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

// ---- Sorting, filtering and paging controls ----------------------------------------------------------

export function setupListControls() {
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
      invalidateOrder();
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
      invalidateOrder();
      showPage(0);
    }, filterDelayMs);
  });
  let tagTimer = 0;
  $("filter-tag").addEventListener("input", (event) => {
    clearTimeout(tagTimer);
    tagTimer = setTimeout(() => setTagFilter(event.target), filterDelayMs);
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
  // A beat of the first load has no location nor error: hovering it, or focusing its row, reads them (sites.js).
  body.addEventListener("mouseover", (event) => {
    const beat = event.target.closest(".beat");
    const row = beat?.closest(".site-row");
    if (row && lacksDetails(row.dataset.id, [...beat.parentElement.children].indexOf(beat))) loadTickDetails(row.dataset.id);
  });
  body.addEventListener("focusin", (event) => {
    const row = event.target.closest(".site-row");
    if (row) loadTickDetails(row.dataset.id);
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

/** Redraws the window of rows on scroll and measures the row height on resize and now. */
export function setupWindowing() {
  window.addEventListener("scroll", () => { pending.window = true; schedule(); }, { passive: true });
  window.addEventListener("resize", measureRows);
  measureRows();
}

/** Filters by the tag the input names; one that is no tag is marked invalid and leaves the filter as it was. */
function setTagFilter(input) {
  const tag = parseTagFilter(input.value);
  setAttr(input, "aria-invalid", tag === null ? "true" : null);
  if (tag === null || tag === state.filter.tag) return;
  state.filter.tag = tag;
  invalidateOrder();
  showPage(0);
}

function setStatusFilter(status) {
  state.filter.status = status;
  $("filter-status").value = status;
  for (const button of document.querySelectorAll(".summary-item")) {
    button.setAttribute("aria-pressed", button.dataset.filter === status ? "true" : "false");
  }
  invalidateOrder();
  showPage(0);
}
