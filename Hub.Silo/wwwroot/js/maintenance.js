// The Maintenance card: the windows (open ones first, then upcoming, then ended), a form to plan a one-off or recurring
// window for some websites or all, and deleting one. A window's effect on the websites reaches the list through the
// live stream like any status change.

import { api, getJson } from "./api.js";
import { closeDetail } from "./detail.js";
import { $, badge, h, toast } from "./dom.js";
import { formatDate } from "./format.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { showLogin } from "./session.js";
import { state } from "./state.js";
import { resyncSoon } from "./sync.js";

const refreshPeriodMs = 30_000;

let refreshTimer = 0;

/** Loads the windows now and then every <c>refreshPeriodMs</c> (their state changes with the clock). */
export async function loadMaintenance() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(loadMaintenance, refreshPeriodMs);
  try {
    render(await getJson("/api/maintenance-windows"));
  } catch (error) {
    $("maintenance-count").textContent = `Could not load the windows: ${error.message}`;
  }
}

function render(windows) {
  $("maintenance-count").textContent = `${windows.filter((w) => w.active).length} open, ${windows.length} in all`;
  $("maintenance-empty").hidden = windows.length > 0;
  $("maintenance-body").replaceChildren(...windows.map((w) => h("tr", { "data-window": w.id },
    h("td", { text: w.name, title: w.description || null }),
    h("td", {}, badge(w.active ? "Active" : w.next ? "Upcoming" : "Ended")),
    h("td", { text: describeWhen(w) }),
    h("td", { text: w.allWebsites ? "All websites" : `${w.websiteIds.length} website${w.websiteIds.length === 1 ? "" : "s"}` }),
    h("td", {}, h("button", { type: "button", class: "btn btn-danger", text: "Delete", "data-delete": w.id, "aria-label": `Delete ${w.name}` })),
  )));
}

function describeWhen(window) {
  const repeat = window.kind === "recurring" ? `${window.cron} (${window.timeZone}), ${window.durationMinutes} min; ` : "";
  if (window.current) return `${repeat}until ${formatDate(window.current.endsAt)}`;
  if (window.next) return `${repeat}${formatDate(window.next.startsAt)} – ${formatDate(window.next.endsAt)}`;
  return `${repeat}ended ${formatDate(window.endsAt)}`;
}

/** The form's fields as the API's body; a datetime-local value is the viewer's time, sent as UTC. */
function body() {
  const form = $("maintenance-form");
  const value = (name) => form.elements[name].value.trim();
  const result = { name: value("name") };
  if (form.elements.kind.value === "recurring") {
    result.cron = value("cron");
    result.timeZone = value("timeZone");
    result.durationMinutes = value("durationMinutes") === "" ? null : Number(value("durationMinutes"));
  } else {
    result.startsAt = instant(value("startsAt"));
    result.endsAt = instant(value("endsAt"));
  }
  if ($("maintenance-scope").value === "all") result.allWebsites = true;
  else result.websiteIds = value("websiteIds").split(/[\s,]+/).filter((id) => id !== "");
  return result;
}

function instant(local) {
  const date = new Date(local);
  return local === "" || Number.isNaN(date.getTime()) ? local : date.toISOString();
}

function showKind() {
  const kind = $("maintenance-form").elements.kind.value;
  for (const field of document.querySelectorAll("#maintenance-form [data-kind]")) field.hidden = field.dataset.kind !== kind;
}

function showScope() {
  document.querySelector("#maintenance-form [data-scope]").hidden = $("maintenance-scope").value === "all";
}

/** Fills the form in for the website of the detail panel, and closes the panel, which may cover the form. */
function planForSelected() {
  if (!state.selected) return;
  $("maintenance-scope").value = "list";
  showScope();
  $("maintenance-ids").value = state.selected;
  closeDetail(false);
  $("maintenance-form").scrollIntoView({ block: "center" });
  $("maintenance-name").focus();
}

export function setupMaintenance() {
  const form = $("maintenance-form");
  $("maintenance-zone").value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  for (const radio of form.elements.kind) radio.addEventListener("change", showKind);
  $("maintenance-scope").addEventListener("change", showScope);
  $("detail-maintenance").addEventListener("click", planForSelected);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = $("maintenance-submit");
    button.disabled = true;
    try {
      const result = await api("POST", "/api/maintenance-windows", body());
      if (result.status === 201 && result.data) {
        const message = $("maintenance-message");
        message.textContent = `Planned ${result.data.name}.`;
        message.classList.add("ok");
        form.elements.name.value = "";
        await loadMaintenance();
        resyncSoon(2_000); // the counts per status, once the websites changed
      } else {
        showProblem(form, result, "Planning the window");
      }
    } catch (error) {
      networkError(form, error);
    } finally {
      button.disabled = false;
    }
  });

  $("maintenance-body").addEventListener("click", async (event) => {
    const id = event.target.closest("[data-delete]")?.dataset.delete;
    if (!id) return;
    const result = await api("DELETE", `/api/maintenance-windows/${encodeURIComponent(id)}`).catch((error) => ({ error }));
    if (result.status === 401) showLogin(false);
    else toast(result.ok || result.status === 404 ? "Deleted the window." : `Deleting the window failed (${result.error?.message ?? `HTTP ${result.status}`}).`);
    await loadMaintenance();
    resyncSoon(2_000);
  });
}
