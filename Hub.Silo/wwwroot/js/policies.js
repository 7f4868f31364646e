// Notification policies: the list (websites covered, events, quiet delay, reminder, channels), deleting one, and the
// add/edit dialog: all websites, a list of ids or tags; the events; the delays; the channels to tell.

import { api } from "./api.js";
import { $, h, setText, toast } from "./dom.js";
import { formatDuration } from "./format.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { showLogin } from "./session.js";

const form = { editing: null };

function words(text) {
  return text.split(/[\s,]+/).filter((word) => word !== "");
}

function describeWebsites(policy) {
  if (policy.websiteIds) return `${policy.websiteIds.length} website${policy.websiteIds.length === 1 ? "" : "s"}`;
  if (policy.tags) return `tagged ${policy.tags.join(", ")}`;
  return "All websites";
}

export function renderPolicies(policies, channels) {
  const channelName = (id) => channels.find((channel) => channel.id === id)?.name ?? id;
  $("policies-empty").hidden = policies.length > 0;
  $("policies-body").replaceChildren(...policies.map((policy) => h("tr", { "data-policy": policy.id, "data-enabled": String(policy.enabled) },
    h("td", {}, policy.name, policy.isDefault ? h("span", { class: "badge badge-default", text: "default" }) : null, policy.enabled ? null : " (disabled)"),
    h("td", { text: describeWebsites(policy) }),
    h("td", { text: policy.events.join(", ") }),
    h("td", { text: policy.quietSeconds === 0 ? "none" : formatDuration(policy.quietSeconds) }),
    h("td", { text: policy.reminderMinutes === 0 ? "never" : `every ${formatDuration(policy.reminderMinutes * 60)}` }),
    h("td", { text: policy.channelIds.map(channelName).join(", ") }),
    h("td", { class: "actions" },
      h("button", { type: "button", class: "btn", text: "Edit", "data-edit": policy.id, "aria-label": `Edit ${policy.name}` }),
      h("button", { type: "button", class: "btn btn-danger", text: "Delete", "data-delete": policy.id, "aria-label": `Delete ${policy.name}` })),
  )));
}

function showScope() {
  const scope = $("policy-scope").value;
  for (const field of document.querySelectorAll("#policy-form [data-scope]")) field.hidden = field.dataset.scope !== scope;
}

/** Opens the dialog to add a policy (<paramref name="policy"/> null) or edit one, offering <paramref name="channels"/>. */
export function openPolicyForm(policy, channels) {
  form.editing = policy;
  const element = $("policy-form");
  clearErrors(element);
  setText($("policy-dialog-title"), policy ? `Edit ${policy.name}` : "Add a policy");
  $("policy-name").value = policy?.name ?? "";
  $("policy-enabled").checked = policy?.enabled ?? true;
  $("policy-default").checked = policy?.isDefault ?? false;
  $("policy-scope").value = policy?.websiteIds ? "list" : policy?.tags ? "tags" : "all";
  $("policy-website-ids").value = policy?.websiteIds?.join(", ") ?? "";
  $("policy-tags").value = policy?.tags?.join(", ") ?? "";
  showScope();
  for (const box of element.elements.events) box.checked = policy ? policy.events.includes(box.value) : true;
  $("policy-quiet").value = String(policy?.quietSeconds ?? 0);
  $("policy-reminder").value = String(policy?.reminderMinutes ?? 60);
  $("policy-channels").replaceChildren(...channels.map((channel) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "channelIds", value: channel.id, checked: policy ? policy.channelIds.includes(channel.id) : channels.length === 1 }),
    ` ${channel.name} (${channel.type})`)));
  if (channels.length === 0) $("policy-channels").append(h("p", { class: "muted", text: "Add a channel first." }));
  $("policy-dialog").showModal();
  $("policy-name").focus();
}

function body() {
  const element = $("policy-form");
  const number = (id) => $(id).value.trim() === "" ? null : Number($(id).value);
  const scope = $("policy-scope").value;
  return {
    name: $("policy-name").value.trim(),
    enabled: $("policy-enabled").checked,
    isDefault: $("policy-default").checked,
    websiteIds: scope === "list" ? words($("policy-website-ids").value) : null,
    tags: scope === "tags" ? words($("policy-tags").value) : null,
    events: [...element.elements.events].filter((box) => box.checked).map((box) => box.value),
    quietSeconds: number("policy-quiet"),
    reminderMinutes: number("policy-reminder"),
    channelIds: [...element.querySelectorAll('input[name="channelIds"]:checked')].map((box) => box.value),
  };
}

async function save(reload) {
  const element = $("policy-form");
  clearErrors(element);
  const button = $("policy-save");
  button.disabled = true;
  try {
    const result = form.editing
      ? await api("PATCH", `/api/notification-policies/${encodeURIComponent(form.editing.id)}`, body())
      : await api("POST", "/api/notification-policies", body());
    if (result.ok) {
      $("policy-dialog").close();
      toast(`Saved ${result.data.name}.`);
      await reload();
    } else if (result.status === 404) {
      $("policy-dialog").close();
      toast("This policy no longer exists.");
      await reload();
    } else {
      showProblem(element, result, "Saving the policy");
    }
  } catch (error) {
    networkError(element, error);
  } finally {
    button.disabled = false;
  }
}

export function setupPolicies(policiesShown, channelsShown, reload) {
  $("policy-scope").addEventListener("change", showScope);
  $("policy-add").addEventListener("click", () => openPolicyForm(null, channelsShown()));
  $("policy-cancel").addEventListener("click", () => $("policy-dialog").close());
  $("policy-form").addEventListener("submit", (event) => {
    event.preventDefault();
    save(reload);
  });
  $("policies-body").addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (button?.dataset.edit) {
      openPolicyForm(policiesShown().find((policy) => policy.id === button.dataset.edit), channelsShown());
    } else if (button?.dataset.delete) {
      const result = await api("DELETE", `/api/notification-policies/${encodeURIComponent(button.dataset.delete)}`).catch((error) => ({ error }));
      if (result.status === 401) showLogin(false);
      else toast(result.ok || result.status === 404 ? "Deleted the policy." : `Deleting the policy failed (${result.error?.message ?? `HTTP ${result.status}`}).`);
      await reload();
    }
  });
}
