// Notification channels: the list (type, name, enabled, shown settings, secrets masked as the hub masks them, the last
// deliveries), "Send test" with the receiver's answer, deleting, and the add/edit dialog with the fields of each type. A
// secret is only ever typed in: the hub never sends one back, so an edit leaves a secret field empty to keep it.

import { api, getJson } from "./api.js";
import { deliveryBadge, eventLabel, outcome } from "./deliveries.js";
import { $, h, setText, toast } from "./dom.js";
import { relativeTime } from "./format.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { showLogin } from "./session.js";

const lastDeliveries = 3;

/** The settings of each channel type (README: Notifications): secret ones go in password fields. */
export const channelTypes = {
  webhook: [
    { name: "url", label: "URL", secret: true },
    { name: "secret", label: "Signing secret (16+ characters)", secret: true },
  ],
  slack: [{ name: "url", label: "Incoming webhook URL", secret: true }],
  discord: [{ name: "url", label: "Webhook URL", secret: true }],
  teams: [{ name: "url", label: "Workflow webhook URL", secret: true }],
  telegram: [
    { name: "botToken", label: "Bot token", secret: true },
    { name: "chatId", label: "Chat id" },
    { name: "apiUrl", label: "Bot API URL (optional)", optional: true },
  ],
  ntfy: [
    { name: "url", label: "Topic URL", secret: true },
    { name: "priority", label: "Priority", optional: true, choices: ["", "min", "low", "default", "high", "urgent"] },
    { name: "tags", label: "Tags (comma separated, optional)", optional: true, list: true },
    { name: "token", label: "Access token (optional)", secret: true, optional: true },
  ],
  email: [
    { name: "host", label: "SMTP host" },
    { name: "port", label: "Port (optional, 587)", optional: true, number: true },
    { name: "security", label: "Security", optional: true, choices: ["", "starttls", "tls", "none"] },
    { name: "username", label: "User name (optional)", optional: true },
    { name: "password", label: "Password (optional)", secret: true, optional: true },
    { name: "from", label: "From address" },
    { name: "to", label: "To addresses (comma separated)", list: true },
  ],
  pagerduty: [
    { name: "routingKey", label: "Integration (routing) key", secret: true },
    { name: "severity", label: "Severity", optional: true, choices: ["", "critical", "error", "warning", "info"] },
    { name: "apiUrl", label: "Events API URL (optional)", optional: true },
  ],
};

const form = { editing: null };

export function renderChannels(channels) {
  $("channels-empty").hidden = channels.length > 0;
  $("channels-body").replaceChildren(...channels.map((channel) => h("tr", { "data-channel": channel.id },
    h("td", { text: channel.name }),
    h("td", { text: channel.type }),
    h("td", { text: channel.enabled ? "Yes" : "No" }),
    h("td", { class: "channel-settings", text: describeSettings(channel) }),
    h("td", { class: "channel-deliveries", "data-deliveries-for": channel.id, text: "…" }),
    h("td", { class: "actions" },
      h("button", { type: "button", class: "btn", text: "Send test", "data-test": channel.id, "aria-label": `Send a test through ${channel.name}` }),
      h("button", { type: "button", class: "btn", text: "Edit", "data-edit": channel.id, "aria-label": `Edit ${channel.name}` }),
      h("button", { type: "button", class: "btn btn-danger", text: "Delete", "data-delete": channel.id, "aria-label": `Delete ${channel.name}` })),
  )));
  for (const channel of channels) showLastDeliveries(channel.id);
}

function describeSettings(channel) {
  const shown = Object.entries(channel.settings).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : value}`);
  const secrets = Object.entries(channel.secrets).map(([name, mask]) => `${name}: ${mask}`);
  return [...shown, ...secrets].join("; ") || "–";
}

async function showLastDeliveries(id) {
  const cell = document.querySelector(`[data-deliveries-for="${CSS.escape(id)}"]`);
  try {
    const deliveries = await getJson(`/api/notification-channels/${encodeURIComponent(id)}/deliveries?limit=${lastDeliveries}`);
    cell.replaceChildren(...(deliveries.length === 0 ? ["none yet"] : deliveries.map((delivery) => h("div", { title: outcome(delivery) || null },
      deliveryBadge(delivery), ` ${eventLabel(delivery)} ${relativeTime(delivery.createdAt)}`))));
  } catch (error) {
    setText(cell, `could not load: ${error.message}`);
  }
}

async function sendTest(id, reload) {
  const line = $("channel-test-result");
  const name = document.querySelector(`[data-channel="${CSS.escape(id)}"] td`)?.textContent ?? "the channel";
  line.classList.remove("ok", "error");
  setText(line, `Sending a test through ${name}…`);
  const result = await api("POST", `/api/notification-channels/${encodeURIComponent(id)}/test`).catch((error) => ({ error }));
  if (result.status === 401) showLogin(false);
  const answer = result.ok
    ? `${result.data.delivered ? "Delivered" : "Not delivered"}${result.data.status ? ` (HTTP ${result.data.status})` : ""}${result.data.error ? `: ${result.data.error}` : ""}`
    : `failed (${result.error?.message ?? `HTTP ${result.status}`})`;
  setText(line, `Test through ${name}: ${answer}.`);
  line.classList.add(result.ok && result.data.delivered ? "ok" : "error");
  await reload();
}

function settingsFields(type, channel) {
  return (channelTypes[type] ?? []).map((setting) => {
    const id = `channel-setting-${setting.name}`;
    const stored = channel?.settings[setting.name];
    const mask = channel?.secrets[setting.name];
    const value = Array.isArray(stored) ? stored.join(", ") : stored ?? "";
    const control = setting.choices
      ? h("select", { id, name: `settings.${setting.name}` }, ...setting.choices.map((choice) =>
        h("option", { value: choice, text: choice === "" ? "(default)" : choice, selected: choice === String(value) })))
      : h("input", {
        id, name: `settings.${setting.name}`, type: setting.secret ? "password" : setting.number ? "number" : "text",
        autocomplete: setting.secret ? "new-password" : "off", value: setting.secret ? "" : String(value),
        placeholder: mask ? `${mask} (leave empty to keep)` : null,
      });
    return h("div", { class: "field" },
      h("label", { for: id, text: setting.label }),
      control,
      h("p", { class: "field-error", "data-error-for": `settings.${setting.name}` }));
  });
}

/** The settings the form says: empty fields left out (a secret is kept, an optional setting removed by an edit). */
function settingsBody(type) {
  const settings = {};
  for (const setting of channelTypes[type] ?? []) {
    const text = $(`channel-setting-${setting.name}`).value.trim();
    if (text === "") {
      if (form.editing && setting.optional && !setting.secret) settings[setting.name] = null;
      continue;
    }
    settings[setting.name] = setting.list ? text.split(/[\s,]+/).filter((item) => item !== "")
      : setting.number && !Number.isNaN(Number(text)) ? Number(text) : text;
  }
  return settings;
}

/** Opens the dialog to add a channel (<paramref name="channel"/> null) or edit one. */
export function openChannelForm(channel) {
  form.editing = channel;
  const element = $("channel-form");
  clearErrors(element);
  setText($("channel-dialog-title"), channel ? `Edit ${channel.name}` : "Add a channel");
  $("channel-name").value = channel?.name ?? "";
  $("channel-type").value = channel?.type ?? "webhook";
  $("channel-type").disabled = Boolean(channel);
  $("channel-enabled").checked = channel?.enabled ?? true;
  $("channel-subject").value = channel?.subjectTemplate ?? "";
  $("channel-body").value = channel?.bodyTemplate ?? "";
  $("channel-settings").replaceChildren(...settingsFields($("channel-type").value, channel));
  $("channel-dialog").showModal();
  $("channel-name").focus();
}

function closeChannelForm() {
  $("channel-settings").replaceChildren();
  $("channel-dialog").close();
}

async function save(reload) {
  const element = $("channel-form");
  clearErrors(element);
  const type = $("channel-type").value;
  const template = (id) => $(id).value.trim() === "" ? null : $(id).value;
  const body = {
    name: $("channel-name").value.trim(),
    enabled: $("channel-enabled").checked,
    settings: settingsBody(type),
    subjectTemplate: template("channel-subject"),
    bodyTemplate: template("channel-body"),
  };
  if (!form.editing) body.type = type;
  const button = $("channel-save");
  button.disabled = true;
  try {
    const result = form.editing
      ? await api("PATCH", `/api/notification-channels/${encodeURIComponent(form.editing.id)}`, body)
      : await api("POST", "/api/notification-channels", body);
    if (result.ok) {
      closeChannelForm();
      toast(`Saved ${result.data.name}.`);
      await reload();
    } else if (result.status === 404) {
      closeChannelForm();
      toast("This channel no longer exists.");
      await reload();
    } else {
      showProblem(element, result, "Saving the channel");
    }
  } catch (error) {
    networkError(element, error);
  } finally {
    button.disabled = false;
  }
}

export function setupChannels(channelsShown, reload) {
  $("channel-type").replaceChildren(...Object.keys(channelTypes).map((type) => h("option", { value: type, text: type })));
  $("channel-type").addEventListener("change", () => $("channel-settings").replaceChildren(...settingsFields($("channel-type").value, null)));
  $("channel-add").addEventListener("click", () => openChannelForm(null));
  $("channel-cancel").addEventListener("click", closeChannelForm);
  $("channel-dialog").addEventListener("close", () => $("channel-settings").replaceChildren());
  $("channel-form").addEventListener("submit", (event) => {
    event.preventDefault();
    save(reload);
  });
  $("channels-body").addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.test) {
      await sendTest(button.dataset.test, reload);
    } else if (button.dataset.edit) {
      openChannelForm(channelsShown().find((channel) => channel.id === button.dataset.edit));
    } else if (button.dataset.delete) {
      const result = await api("DELETE", `/api/notification-channels/${encodeURIComponent(button.dataset.delete)}`).catch((error) => ({ error }));
      if (result.status === 401) showLogin(false);
      else toast(result.ok || result.status === 404 ? "Deleted the channel." : `Deleting the channel failed (${result.error?.message ?? `HTTP ${result.status}`}).`);
      await reload();
    }
  });
}
