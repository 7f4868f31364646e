// The detail panel's Monitor section: a writer edits the website's type, URL and check (checkeditor.js) and sees a
// push monitor's URL; a reader sees the type and check as the hub runs them.

import { api } from "./api.js";
import { checkEditorOf } from "./checkeditor.js";
import { $, setText } from "./dom.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { showPushUrl } from "./pushurl.js";
import { applyWrite } from "./sites.js";
import { state } from "./state.js";

const monitor = {
  editor: null,
  /** What the form shows: the website, type, URL and check it was loaded with. */
  shown: "",
  /** True once the viewer changed anything in the form since it was loaded: the panel's redraws then leave it be. */
  edited: false,
};

function signature(site) {
  return JSON.stringify([site.id, site.type, site.url, site.check]);
}

/** Has the form show the opened website's monitor again, whatever was typed before. */
export function resetMonitorForm() {
  monitor.shown = "";
  monitor.edited = false;
  clearErrors($("monitor-form"));
}

/** Draws the section for <paramref name="site"/>; the form only while the viewer has not changed it. */
export function renderMonitor(site) {
  const known = typeof site.type === "string" && site.check !== undefined; // a website's own answer has both
  const unknown = site.type === null ? "Not known right now: the hub answered from memory, without its database." : "Loading…";
  setText($("monitor-view"), known ? JSON.stringify({ type: site.type, check: site.check }, null, 2) : unknown);
  showPushUrl($("monitor-push"), site.id, site.type === "push" ? site.pushUrl ?? null : null, (url) => { site.pushUrl = url; });
  $("monitor-fieldset").disabled = !known;
  $("monitor-submit").disabled = !known;
  if (!known || monitor.edited || monitor.shown === signature(site)) return;
  monitor.editor.load(site.type, site.url, site.check);
  monitor.shown = signature(site);
}

export function setupMonitorForm() {
  const form = $("monitor-form");
  monitor.editor = checkEditorOf("monitor");
  form.addEventListener("input", () => { monitor.edited = true; });
  form.addEventListener("change", () => { monitor.edited = true; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const site = state.sites.get(state.selected);
    if (!site) return;
    clearErrors(form);
    const editor = monitor.editor;
    const check = editor.value();
    if (!check.ok) return;
    const body = { check: check.check };
    if (editor.type !== site.type) body.type = editor.type;
    const url = editor.url();
    if (url !== undefined && (url !== site.url || body.type)) body.url = url;
    const button = $("monitor-submit");
    button.disabled = true;
    try {
      const result = await api("PATCH", `/api/websites/${site.id}`, body);
      if (result.ok && result.data) {
        monitor.edited = false;
        monitor.shown = "";
        applyWrite(result.data);
        const saved = state.sites.get(site.id);
        if (saved && state.selected === site.id) renderMonitor(saved);
        const message = $("monitor-message");
        message.textContent = "Monitor saved.";
        message.classList.add("ok");
      } else {
        const errors = editor.routeErrors(result.data?.errors);
        showProblem(form, { ...result, data: result.data && { ...result.data, errors } }, "Saving the monitor");
      }
    } catch (error) {
      networkError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}
