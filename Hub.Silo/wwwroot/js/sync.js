// Loading the page of websites: GET /api/dashboard?limit&offset&status&q&tag&sort&order answers one page (the server
// filters, sorts by status or URL, counts every status and says how many match). Loads are coalesced: one at a
// time, and a load whose page, filter or sort changed meanwhile is followed by another.

import { getJson } from "./api.js";
import { openFromHash, refreshDetail } from "./detail.js";
import { toast } from "./dom.js";
import { invalidateOrder } from "./list.js";
import { nextMark, removeSite, replayPendingTicks, upsertSite } from "./sites.js";
import { pageSize, state } from "./state.js";
import { applyValidators } from "./validators.js";

/** How soon a failed first load is tried again. */
const firstLoadRetryMs = 5_000;

const load = {
  /** The load under way, or null. */
  running: null,
  /** Set when the page, filter or sort changed during a load: that load's answer is stale, so load again. */
  wanted: false,
  timer: 0,
  due: Infinity,
};

export function isResyncing() {
  return load.running !== null;
}

/** A resync within <paramref name="delay"/> ms (coalesced): new websites get their uptime figures this way. */
export function resyncSoon(delay) {
  const due = Date.now() + delay;
  if (due >= load.due) return;
  clearTimeout(load.timer);
  load.due = due;
  load.timer = setTimeout(() => { load.due = Infinity; resync(); }, delay);
}

/** Loads the page of websites that starts at <paramref name="offset"/> under the current filter and sort. */
export function showPage(offset) {
  state.offset = offset;
  load.wanted = true;
  resync();
}

/** The totals of an /api/dashboard answer without its page's websites (each counted as the answer shows it). */
function offPageOf(data) {
  const counts = { Up: 0, Down: 0, Degraded: 0, Maintenance: 0, Unknown: 0, Paused: 0, ...data.counts };
  const websites = data.websites ?? [];
  for (const website of websites) {
    const status = website.enabled === false ? "Paused" : (website.status ?? "Unknown");
    counts[status] = Math.max(0, (counts[status] ?? 0) - 1);
  }
  return { total: Math.max(0, (data.total ?? 0) - websites.length), counts };
}

/** The /api/dashboard request for the current page, filter and sort. */
function dashboardPath() {
  const query = new URLSearchParams({ limit: String(pageSize), offset: String(state.offset) });
  if (state.filter.status) query.set("status", state.filter.status);
  if (state.filter.text) query.set("q", state.filter.text);
  if (state.filter.tag) query.set("tag", state.filter.tag);
  query.set("sort", state.serverSort.key);
  query.set("order", state.serverSort.direction > 0 ? "asc" : "desc");
  return `/api/dashboard?${query}`;
}

/** Loads (or reloads) the current page from /api/dashboard and merges it into the list. */
export function resync() {
  if (load.running) return load.running;
  load.running = (async () => {
    try {
      load.wanted = false;
      const mark = nextMark();
      const data = await getJson(dashboardPath());
      if (load.wanted) return;
      if (data.offset > 0 && data.offset >= data.total) {
        // The page emptied (websites deleted or the filter narrowed): show the last page that has websites.
        state.offset = Math.max(0, Math.floor((data.total - 1) / pageSize) * pageSize);
        load.wanted = true;
        return;
      }
      state.offPage = offPageOf(data);
      state.loadError = null;
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
      invalidateOrder();
      replayPendingTicks();
      if (first) openFromHash();
      else if (state.selected) refreshDetail(true);
    } catch (error) {
      if (state.loaded) {
        toast(`Could not load the dashboard: ${error.message}`);
      } else {
        state.loadError = error.message;
        invalidateOrder();
        resyncSoon(firstLoadRetryMs);
      }
    } finally {
      load.running = null;
      if (load.wanted) resync();
    }
  })();
  return load.running;
}
