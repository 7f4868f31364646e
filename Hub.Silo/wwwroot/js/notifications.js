// The Notifications card: channels and policies, loaded together (a policy names its channels), again every 30 s for
// the delivery states.

import { getJson } from "./api.js";
import { renderChannels, setupChannels } from "./channels.js";
import { $, setText } from "./dom.js";
import { renderPolicies, setupPolicies } from "./policies.js";

const refreshPeriodMs = 30_000;

const shown = { channels: [], policies: [], refreshTimer: 0 };

export async function loadNotifications() {
  clearTimeout(shown.refreshTimer);
  shown.refreshTimer = setTimeout(loadNotifications, refreshPeriodMs);
  try {
    const [channels, policies] = await Promise.all([getJson("/api/notification-channels"), getJson("/api/notification-policies")]);
    Object.assign(shown, { channels, policies });
    setText($("notifications-count"), `${channels.length} channel${channels.length === 1 ? "" : "s"}, ${policies.length} polic${policies.length === 1 ? "y" : "ies"}`);
    renderChannels(channels);
    renderPolicies(policies, channels);
  } catch (error) {
    setText($("notifications-count"), `Could not load the notifications: ${error.message}`);
  }
}

export function setupNotifications() {
  setupChannels(() => shown.channels, loadNotifications);
  setupPolicies(() => shown.policies, () => shown.channels, loadNotifications);
}
