// Delivery logs: what was sent to which channel and how it went, for an incident's dialog and a channel's row.

import { getJson } from "./api.js";
import { h } from "./dom.js";
import { formatDateTime, relativeTime } from "./format.js";

const kindLabels = { opened: "Opened", acknowledged: "Acknowledged", resolved: "Resolved", reminder: "Reminder", test: "Test", certificate: "Certificate" };

/** What a delivery was about: its event's kind, and for a certificate warning the days that were left and the expiry. */
export function eventLabel(delivery) {
  const label = kindLabels[delivery.kind] ?? delivery.kind;
  const certificate = delivery.certificate;
  if (!certificate) return label;
  const left = certificate.daysLeft <= 0 ? "less than a day" : certificate.daysLeft === 1 ? "1 day" : `${certificate.daysLeft} days`;
  return `${label}: ${left} left, expires ${formatDateTime(certificate.expiresAt)}`;
}

/** One line about a delivery's outcome: the receiver's last answer (its error names the status), the next attempt of a pending one. */
export function outcome(delivery) {
  const answer = delivery.lastError ?? (delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : null);
  const next = delivery.state === "pending" ? `next attempt ${relativeTime(delivery.dueAt)}` : null;
  const group = delivery.groupSize > 1 ? `in a group of ${delivery.groupSize}` : null;
  return [answer, next, group].filter(Boolean).join(", ");
}

export function deliveryBadge(delivery) {
  return h("span", { class: "badge", "data-delivery": delivery.state, text: delivery.state });
}

/** The table of <paramref name="deliveries"/>, newest first. */
export function deliveriesTable(deliveries) {
  if (deliveries.length === 0) return h("p", { class: "empty", text: "Nothing was sent for it." });
  return h("table", { class: "table table-compact" },
    h("thead", {}, h("tr", {}, ...["Time", "Event", "Channel", "State", "Attempts", "Outcome"].map((label) => h("th", { scope: "col", text: label })))),
    h("tbody", {}, ...deliveries.map((delivery) => h("tr", { "data-delivery-id": delivery.id },
      h("td", { text: formatDateTime(delivery.createdAt) }),
      h("td", { text: eventLabel(delivery) }),
      h("td", { text: `${delivery.channelName} (${delivery.channelType})` }),
      h("td", {}, deliveryBadge(delivery)),
      h("td", { class: "num", text: String(delivery.attempts) }),
      h("td", { text: outcome(delivery) || "–" }),
    ))));
}

/** Fills <paramref name="container"/> with the delivery log of incident <paramref name="incidentId"/>. */
export async function showIncidentDeliveries(container, incidentId) {
  try {
    container.replaceChildren(deliveriesTable(await getJson(`/api/incidents/${encodeURIComponent(incidentId)}/deliveries`)));
  } catch (error) {
    container.replaceChildren(h("p", { class: "empty", text: `Could not load the notifications: ${error.message}` }));
  }
}
