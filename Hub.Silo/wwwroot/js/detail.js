// The detail panel of the selected website (#site=<id> in the address): facts, its open or latest incident, statistics
// per window, the latency chart, the latest checks and status changes, pausing, the interval, its monitor (monitor.js)
// and deleting.

import { api, getJson } from "./api.js";
import { renderLatencyChart } from "./chart.js";
import { $, badge, h, setAttr, setText, toast } from "./dom.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import {
  formatCount, formatDate, formatDateTime, formatInterval, formatLatency, formatPercent, formatTime, relativeTime,
  uptimeClass, uptimeTitle,
} from "./format.js";
import { showWebsiteIncident } from "./incidents.js";
import { renderLabels, resetLabelInputs } from "./labels.js";
import { markDirty } from "./list.js";
import { renderMonitor, resetMonitorForm } from "./monitor.js";
import { renderRegions } from "./regions.js";
import { applyWrite, deleteSite, displayStatus, nextMark, parseTime, removeSite, statusReason, upsertSite } from "./sites.js";
import { collator, state } from "./state.js";
import { validatorLocation } from "./validators.js";

const detailTickLimit = 20;

const hourMs = 3_600_000;

const detail = {
  generation: 0,
  ticks: [],
  changes: [],
  lastRefresh: 0,
  refreshTimer: 0,
  returnFocus: null,
  series: null,
};

export function openDetail(id, focus = true) {
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
  clearErrors($("labels-form"));
  resetLabelInputs();
  resetMonitorForm();
  $("detail-interval").value = site.interval;
  if (!state.windowChosen) showWindow(openingWindow(site));
  $("detail-stats").replaceChildren();
  $("detail-locations").replaceChildren();
  $("detail-ticks").replaceChildren();
  $("detail-changes").replaceChildren();
  $("detail-chart").replaceChildren();
  $("detail-legend").replaceChildren();
  $("detail-incident").hidden = true;
  showWebsiteIncident(id);
  renderDetailHeader();
  if (location.hash !== `#site=${id}`) history.replaceState(null, "", `#site=${id}`);
  if (focus) $("detail-close").focus();
  refreshDetail(true);
}

/**
 * The window the panel opens on until the viewer picks one: the smallest that holds the website's whole history,
 * at most 24 h. A website added less than an hour ago fills the 1 h chart instead of three dots at the right edge
 * of a 24 h one; an older website opens on 24 h, the figures the list shows first, whatever its age.
 */
function openingWindow(site) {
  const added = parseTime(site.createdAt);
  return added !== null && Date.now() - added <= hourMs ? "1h" : "24h";
}

/** Shows <paramref name="windowName"/> as the picker's choice and the window the panel loads. */
function showWindow(windowName) {
  state.window = windowName;
  for (const button of $("window-picker").querySelectorAll("[data-window]")) {
    const chosen = button.dataset.window === windowName;
    button.setAttribute("aria-checked", chosen ? "true" : "false");
    button.tabIndex = chosen ? 0 : -1;
  }
}

export function closeDetail(restoreFocus = true) {
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

export function openFromHash() {
  const match = /^#site=([0-9a-fA-F-]{36})$/.exec(location.hash);
  if (match && state.sites.has(match[1])) openDetail(match[1], false);
}

function describeMaintenance(maintenance) {
  if (!maintenance) return "–";
  if (maintenance.current) return `${maintenance.current.name}, until ${formatDate(maintenance.current.endsAt)}`;
  if (maintenance.next) return `Next: ${maintenance.next.name}, ${formatDate(maintenance.next.startsAt)}`;
  return "None planned";
}

/** "http", "http · POST · 2 assertions", "tcp", "push": what the monitor runs. */
function describeCheck(site) {
  const parts = [site.type ?? "http"];
  const check = site.check;
  if (check?.method && check.method !== "GET") parts.push(check.method);
  if (check?.assertions?.length) parts.push(`${check.assertions.length} assertion${check.assertions.length === 1 ? "" : "s"}`);
  if (check?.expected) parts.push(`expects ${check.expected}`);
  return parts.join(" · ");
}

function describeCertificate(expiresAt) {
  const days = Math.floor((parseTime(expiresAt) - Date.now()) / 86_400_000);
  const text = days < 0 ? `Expired ${formatDate(expiresAt)}` : `Expires in ${days} day${days === 1 ? "" : "s"}`;
  const item = fact("Certificate", text, formatDateTime(expiresAt));
  if (days < 14) item.querySelector("dd").classList.add("uptime-bad");
  return item;
}

function fact(label, value, title) {
  return h("div", {}, h("dt", { text: label }), h("dd", { text: value, title }));
}

export function renderDetailHeader() {
  const site = state.sites.get(state.selected);
  if (!site) return;
  const status = displayStatus(site);
  const statusBadge = $("detail-badge");
  setAttr(statusBadge, "data-status", status);
  setText(statusBadge, status);
  const reason = statusReason(site);
  setAttr(statusBadge, "title", reason);
  setText($("detail-reason"), reason ?? "");
  $("detail-reason").hidden = !reason;
  const heading = $("detail-url");
  const link = heading.querySelector("a");
  if (!link || link.href !== new URL(site.url, location.href).href || heading.dataset.name !== (site.name ?? "")) {
    heading.dataset.name = site.name ?? "";
    const anchor = h("a", { href: site.url, target: "_blank", rel: "noopener noreferrer", text: site.url });
    heading.replaceChildren(...(site.name ? [h("span", { text: site.name }), h("span", { class: "detail-link" }, anchor)] : [anchor]));
  }
  renderLabels(site);
  $("detail-facts").replaceChildren(
    fact("Status since", relativeTime(site.statusChangedAt), formatDateTime(site.statusChangedAt)),
    fact("Last check", relativeTime(site.lastCheckedAt), formatDateTime(site.lastCheckedAt)),
    fact("Last latency", formatLatency(site.lastLatency)),
    fact("Interval", formatInterval(site.interval)),
    fact("Monitoring", site.enabled === false ? "Paused" : "Active"),
    fact("Maintenance", describeMaintenance(site.maintenance)),
    fact("Added", formatDate(site.createdAt), formatDateTime(site.createdAt)),
    fact("Check", describeCheck(site)),
    ...(site.certificateExpiresAt ? [describeCertificate(site.certificateExpiresAt)] : []),
  );
  renderRegions(site);
  renderMonitor(site);
  setText($("detail-toggle"), site.enabled === false ? "Resume" : "Pause");
  if (document.activeElement !== $("detail-interval") && !$("detail-interval").value) $("detail-interval").value = site.interval;
}

/** Loads the detail panel's data for the selected website; <paramref name="all"/> also reloads ticks and changes. */
export async function refreshDetail(all) {
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
    api("GET", base), // its status per region changes with the ticks
    getJson(`${base}/phases?window=${windowName}`),
  ];
  const [stats, series, ticks, changes, website, phases] = await Promise.allSettled(requests);
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
  renderPhases(phases.status === "fulfilled" ? phases.value : null, phases.reason);
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

function statCard(label, value, cls, title) {
  return h("div", { class: "stat", title: title ?? "" },
    h("div", { class: "stat-label", text: label }), h("div", { class: `stat-value ${cls ?? ""}`, text: value }));
}

function renderStats(stats, error) {
  if (!stats) {
    $("detail-stats").replaceChildren(h("p", { class: "muted", text: `Statistics unavailable: ${error?.message ?? "no answer"}` }));
    $("detail-locations").replaceChildren();
    return;
  }
  const latency = stats.latency ?? {};
  $("detail-stats").replaceChildren(
    statCard("Uptime", formatPercent(stats.uptimeByTime?.percent), uptimeClass(stats.uptimeByTime?.percent),
      uptimeTitle(stats.uptimeByTime, null)),
    statCard("Success rate", formatPercent(stats.uptimePercent), uptimeClass(stats.uptimePercent), "Share of good checks"),
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

/** "12 / 40" for a phase's median and 95th percentile; "–" when no tick reported it. */
function phaseCell(summary) {
  if (summary?.p50 == null) return h("td", { class: "num muted", text: "–" });
  return h("td", { class: "num", text: `${formatMs(summary.p50)} / ${formatMs(summary.p95)}` });
}

function formatMs(value) {
  return value < 10 ? value.toFixed(1) : Math.round(value).toString();
}

function renderPhases(phases, error) {
  if (!phases) {
    $("detail-phases").replaceChildren(h("tr", {}, h("td", { colSpan: 10, class: "muted", text: `Phases unavailable: ${error?.message ?? "no answer"}` })));
    return;
  }
  const rows = phases.regions.map((r) => h("tr", {},
    h("td", { text: r.region }),
    h("td", { class: "num", text: formatCount(r.checks) }),
    phaseCell(r.dns), phaseCell(r.connect), phaseCell(r.tls), phaseCell(r.firstByte), phaseCell(r.transfer), phaseCell(r.total),
    h("td", { class: "num", text: r.tlsResumedShare == null ? "–" : formatPercent(r.tlsResumedShare * 100) }),
    h("td", { class: "num", text: r.warmShare == null ? "–" : formatPercent(r.warmShare * 100) })));
  $("detail-phases").replaceChildren(...(rows.length ? rows
    : [h("tr", {}, h("td", { colSpan: 10, class: "muted", text: "No checks in this window." }))]));
}

/**
 * A tick's HTTP status and phases, compactly: "200 · 1 · 2 · 10 (resumed) · 25 · 3"; over a warm connection already
 * open there was no DNS, connect or TLS: "200 · warm connection · 25 · 3".
 */
function tickDetails(t) {
  const parts = [];
  if (t.httpStatus != null) parts.push(String(t.httpStatus));
  const p = t.phases;
  if (t.warm) {
    parts.push("warm connection");
    if (p) parts.push([p.firstByte, p.transfer].map((v) => (v == null ? "–" : formatMs(v))).join(" · "));
  } else if (p) {
    const tls = p.tls == null ? null : `${formatMs(p.tls)}${t.tlsResumed ? " (resumed)" : ""}`;
    parts.push([p.dns, p.connect].map((v) => (v == null ? "–" : formatMs(v))).join(" · "), tls ?? "–",
      [p.firstByte, p.transfer].map((v) => (v == null ? "–" : formatMs(v))).join(" · "));
  }
  return parts.join(" · ");
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
    h("td", { class: "tick-details", text: tickDetails(t), title: t.address ? `dialled ${t.address}` : "" }),
    h("td", { class: "error-text", text: t.error ?? "" })));
  $("detail-ticks").replaceChildren(...(rows.length ? rows
    : [h("tr", {}, h("td", { colSpan: 6, class: "muted", text: "No checks yet." }))]));
}

export function detailAddTick(tick) {
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

export function detailAddChange(change) {
  detail.changes.unshift(change);
  detail.changes.length = Math.min(detail.changes.length, 20);
  renderDetailChanges();
}

export function setupDetail() {
  $("detail-close").addEventListener("click", () => closeDetail());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.selected && !document.querySelector("dialog[open]")) closeDetail();
  });

  const picker = $("window-picker");
  const choose = (button) => {
    state.windowChosen = true;
    showWindow(button.dataset.window);
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
      const result = await deleteSite(id);
      toast(result.ok || result.status === 404 ? `Deleted ${url}` : `Deleting failed (HTTP ${result.status}).`);
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
