// Formatting helpers shared by the dashboard's modules.

const dash = "–";

/** Milliseconds as "123 ms", "4.5 ms" or "1.23 s"; a dash for null. */
export function formatLatency(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return dash;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 9.95) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/**
 * An uptime percentage, always with two decimals ("77.78%", "100.00%", "0.00%"); a dash for null. Rounded to the
 * nearest hundredth (7 of 9 is 77.78%, not 77.77%), except that a record that is not perfect never reads as one:
 * anything below 100 shows at most 99.99%, anything above 0 at least 0.01%. So "100.00%" means no failed check
 * and "0.00%" no good one.
 */
export function formatPercent(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return dash;
  if (value >= 100) return "100.00%";
  if (value <= 0) return "0.00%";
  // toPrecision drops the binary noise of a ratio times 100 (1.005 is stored as 1.00499…) before rounding.
  const rounded = Math.round(Number((value * 100).toPrecision(12))) / 100;
  return `${Math.min(99.99, Math.max(0.01, rounded)).toFixed(2)}%`;
}

/** The CSS class that colours an uptime percentage. */
export function uptimeClass(value) {
  if (value === null || value === undefined) return "";
  if (value >= 99) return "uptime-good";
  if (value >= 95) return "uptime-warn";
  return "uptime-bad";
}

/** A length of time for a tooltip: "< 1 s", "45 s", "12 min", "2 h", "1.5 h", "3 d". */
export function formatDuration(seconds) {
  if (seconds < 1) return "< 1 s";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 86_400).toFixed(1))} d`;
}

/**
 * What an uptime-by-time figure means: the share of time up, the Unknown and Maintenance time it leaves out, and
 * the share of good checks over the same window when it is known ("Share of time up, excluding 2 h unknown, 1 h
 * maintenance · 98.50% of checks good").
 */
export function uptimeTitle(byTime, byChecks) {
  const seconds = byTime?.secondsByStatus ?? {};
  const excluded = [
    seconds.unknown > 0 ? `${formatDuration(seconds.unknown)} unknown` : null,
    seconds.maintenance > 0 ? `${formatDuration(seconds.maintenance)} maintenance` : null,
  ].filter(Boolean);
  let title = byTime?.percent === null || byTime?.percent === undefined ? "No time up or down in this window" : "Share of time up";
  if (excluded.length) title += `, excluding ${excluded.join(", ")}`;
  if (byChecks !== null && byChecks !== undefined) title += ` · ${formatPercent(byChecks)} of checks good`;
  return title;
}

export function formatCount(value) {
  if (value === null || value === undefined) return dash;
  return Number(value).toLocaleString("en-US");
}

/** "0x742d…bEb1" for a long key. */
export function shortKey(key) {
  if (!key || key.length <= 14) return key ?? "";
  return `${key.slice(0, 6)}…${key.slice(-4)}`;
}

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago"; a dash for null. */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return dash;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return dash;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** A timestamp in the viewer's time zone, with the date unless it is today. */
export function formatTime(iso) {
  if (!iso) return dash;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return dash;
  const today = new Date();
  return date.toDateString() === today.toDateString() ? timeOnly.format(date) : dateTime.format(date);
}

const dateMinute = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** A date and time to the minute. */
export function formatDate(iso) {
  if (!iso) return dash;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? dash : dateMinute.format(date);
}

export function formatDateTime(iso) {
  if (!iso) return dash;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? dash : dateTime.format(date);
}

/** "10 s", "5 min", "1 h 30 min", "1 d". */
export function formatInterval(seconds) {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  if (seconds < 86_400) {
    const minutes = Math.round((seconds % 3600) / 60);
    return minutes === 0 ? `${Math.floor(seconds / 3600)} h` : `${Math.floor(seconds / 3600)} h ${minutes} min`;
  }
  return `${Math.round(seconds / 86_400)} d`;
}
