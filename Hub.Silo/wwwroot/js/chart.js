// Hand-drawn SVG latency chart: one line per validator location, red marks where checks failed, and a
// crosshair that lists every location's value at the pointer.

import { formatLatency, formatCount } from "./format.js";

const svgNs = "http://www.w3.org/2000/svg";
const palette = ["#60a5fa", "#f472b6", "#34d399", "#fbbf24", "#a78bfa", "#fb923c", "#2dd4bf", "#e879f9"];
const windowMs = { "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000 };
const windowText = { "1h": "hour", "24h": "24 hours", "7d": "7 days", "30d": "30 days" };
const timeSteps = [
  60e3, 2 * 60e3, 5 * 60e3, 10 * 60e3, 15 * 60e3, 30 * 60e3,
  3600e3, 2 * 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86_400e3, 2 * 86_400e3, 7 * 86_400e3,
];
const margin = { left: 52, right: 14, top: 12, bottom: 26 };

const hourMinute = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayMonth = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const full = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** The colour of the n-th location, stable for a sorted list of locations. */
export function seriesColor(index) {
  return palette[index % palette.length];
}

function el(name, attributes = {}, parent = null) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) that splits <paramref name="max"/> into about four parts. */
function niceStep(max) {
  const raw = Math.max(max, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= raw) return step * power;
  }
  return 10 * power;
}

function axisLatency(ms) {
  if (ms >= 1000) return `${+(ms / 1000).toFixed(2)} s`;
  return `${+ms.toFixed(1)} ms`;
}

/**
 * Draws <paramref name="data"/> (the answer of /api/websites/{id}/series) into <paramref name="container"/>
 * at its current size; <paramref name="legend"/> receives one swatch per location.
 */
export function renderLatencyChart(container, legend, data, windowName, now = Date.now()) {
  container.replaceChildren();
  legend.replaceChildren();
  const width = Math.max(container.clientWidth, 280);
  const height = Math.max(container.clientHeight, 160);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;

  const series = [...(data?.series ?? [])]
    .sort((a, b) => a.location.localeCompare(b.location))
    .map((s, index) => ({
      location: s.location,
      color: seriesColor(index),
      points: (s.points ?? [])
        .map((p) => ({ t: Date.parse(p.t), avg: p.avg, checks: p.checks ?? 0, failures: p.failures ?? 0 }))
        .filter((p) => !Number.isNaN(p.t))
        .sort((a, b) => a.t - b.t),
    }));
  const bucketMs = Math.max(1, (data?.bucketSeconds ?? 60) * 1000);
  const allPoints = series.flatMap((s) => s.points);

  const span = windowMs[windowName] ?? windowMs["24h"];
  let start = now - span;
  let end = now;
  for (const p of allPoints) {
    if (p.t < start) start = p.t;
    if (p.t + bucketMs > end) end = p.t + bucketMs;
  }
  const x = (t) => margin.left + ((t - start) / (end - start)) * plotWidth;

  const maxLatency = Math.max(0, ...allPoints.map((p) => p.avg ?? 0));
  const yStep = niceStep(Math.max(maxLatency * 1.05, 10));
  const yMax = yStep * Math.max(1, Math.ceil((maxLatency * 1.05) / yStep));
  const y = (v) => margin.top + plotHeight - (v / yMax) * plotHeight;

  const svg = el("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": allPoints.length
      ? `Average latency over the last ${windowText[windowName] ?? windowName}, ${series.length} location${series.length === 1 ? "" : "s"}, up to ${formatLatency(maxLatency)}`
      : `No checks in the last ${windowText[windowName] ?? windowName}`,
  }, container);

  // Horizontal grid with latency labels.
  for (let value = 0; value <= yMax + yStep / 2; value += yStep) {
    const yy = Math.round(y(value)) + 0.5;
    el("line", { class: "grid", x1: margin.left, x2: width - margin.right, y1: yy, y2: yy }, svg);
    const label = el("text", { class: "axis-label", x: margin.left - 6, y: yy + 4, "text-anchor": "end" }, svg);
    label.textContent = axisLatency(value);
  }

  // Time axis labels.
  const step = timeSteps.find((s) => (plotWidth / ((end - start) / s)) >= 80) ?? timeSteps[timeSteps.length - 1];
  const format = step >= 86_400e3 || end - start > 2 * 86_400e3 ? dayMonth : hourMinute;
  const offset = new Date().getTimezoneOffset() * 60e3;
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) {
    const xx = Math.round(x(t)) + 0.5;
    if (xx < margin.left + 20 || xx > width - margin.right - 28) continue; // the label would be cut
    el("line", { class: "grid", x1: xx, x2: xx, y1: margin.top + plotHeight, y2: margin.top + plotHeight + 4 }, svg);
    const label = el("text", { class: "axis-label", x: xx, y: height - 8, "text-anchor": "middle" }, svg);
    label.textContent = format.format(new Date(t));
  }

  if (allPoints.length === 0) {
    const text = el("text", { class: "chart-empty", x: margin.left + plotWidth / 2, y: margin.top + plotHeight / 2, "text-anchor": "middle" }, svg);
    text.textContent = "No checks in this window yet";
    return;
  }

  // Failure marks along the bottom of the plot, one per bucket with any failed check.
  const failures = new Map();
  for (const p of allPoints) {
    if (p.failures > 0) failures.set(p.t, (failures.get(p.t) ?? 0) + p.failures);
  }
  const markWidth = Math.max(2, (bucketMs / (end - start)) * plotWidth);
  for (const t of failures.keys()) {
    el("rect", { class: "fail", x: x(t), y: margin.top + plotHeight - 4, width: markWidth, height: 4 }, svg);
  }

  // One line per location, broken where a bucket is missing or had no successful latency.
  for (const s of series) {
    let d = "";
    let previous = null;
    const lonely = [];
    s.points.forEach((p, i) => {
      if (p.avg === null || p.avg === undefined) {
        previous = null;
        return;
      }
      const joined = previous !== null && p.t - previous.t <= bucketMs * 1.5;
      d += `${joined ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.avg).toFixed(1)}`;
      const next = s.points[i + 1];
      const continues = next && next.avg !== null && next.avg !== undefined && next.t - p.t <= bucketMs * 1.5;
      if (!joined && !continues) lonely.push(p);
      previous = p;
    });
    if (d) el("path", { class: "series", d, stroke: s.color }, svg);
    for (const p of lonely) el("circle", { cx: x(p.t), cy: y(p.avg), r: 2.5, fill: s.color }, svg);

    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = s.color;
    item.append(swatch, s.location);
    legend.appendChild(item);
  }

  attachCrosshair(container, svg, series, { x, y, start, end, bucketMs, height, plotHeight });
}

function attachCrosshair(container, svg, series, geometry) {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const byTime = series.map((s) => new Map(s.points.map((p) => [p.t, p])));
  const line = el("line", { class: "crosshair", y1: margin.top, y2: margin.top + geometry.plotHeight, visibility: "hidden" }, svg);
  const tip = document.createElement("div");
  tip.className = "chart-tip";
  tip.hidden = true;
  container.appendChild(tip);

  const hide = () => {
    line.setAttribute("visibility", "hidden");
    tip.hidden = true;
  };
  svg.addEventListener("pointerleave", hide);
  svg.addEventListener("pointermove", (event) => {
    const box = svg.getBoundingClientRect();
    const px = event.clientX - box.left;
    const t = geometry.start + ((px - margin.left) / (box.width - margin.left - margin.right)) * (geometry.end - geometry.start);
    let nearest = times[0];
    for (const candidate of times) {
      if (Math.abs(candidate - t) < Math.abs(nearest - t)) nearest = candidate;
    }
    if (nearest === undefined || Math.abs(nearest - t) > geometry.bucketMs * 3) {
      hide();
      return;
    }
    const xx = geometry.x(nearest);
    line.setAttribute("x1", xx);
    line.setAttribute("x2", xx);
    line.setAttribute("visibility", "visible");

    const rows = [document.createElement("strong")];
    rows[0].textContent = full.format(new Date(nearest));
    series.forEach((s, i) => {
      const p = byTime[i].get(nearest);
      if (!p) return;
      const row = document.createElement("div");
      const name = document.createElement("span");
      name.style.color = s.color;
      name.textContent = s.location;
      const value = document.createElement("span");
      value.textContent = `${formatLatency(p.avg)} · ${formatCount(p.checks)} checks${p.failures ? `, ${formatCount(p.failures)} failed` : ""}`;
      row.append(name, value);
      rows.push(row);
    });
    tip.replaceChildren(...rows);
    tip.hidden = false;
    const left = xx + 12 + tip.offsetWidth > box.width ? xx - 12 - tip.offsetWidth : xx + 12;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${margin.top}px`;
  });
}
