// Forms: field errors from problem+json answers, and the form that adds a website (with its monitor type and check,
// name, tags and regions, if any).

import { api } from "./api.js";
import { checkEditorOf } from "./checkeditor.js";
import { $ } from "./dom.js";
import { parseTags } from "./labels.js";
import { showPushUrl } from "./pushurl.js";
import { parsePerRegion, parseRegions } from "./regions.js";
import { showLogin } from "./session.js";
import { resync, resyncSoon } from "./sync.js";

export function clearErrors(form) {
  for (const node of form.querySelectorAll("[data-error-for]")) {
    node.textContent = "";
    node.classList.remove("error", "ok");
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

/** Shows a problem+json answer: each field's messages next to it, anything else in the form's message line. */
export function showProblem(form, result, action) {
  const general = form.querySelector('[data-error-for="*"]');
  const errors = result.data?.errors;
  const rest = [];
  let firstInvalid = null;
  if (errors && typeof errors === "object") {
    for (const [field, messages] of Object.entries(errors)) {
      const text = (Array.isArray(messages) ? messages : [messages]).join(" ");
      const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (slot) slot.textContent = text;
      else rest.push(text);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        firstInvalid ??= input;
      }
    }
  }
  if (!errors || rest.length) {
    const title = result.data?.detail ?? result.data?.title;
    general.textContent = rest.length ? rest.join(" ")
      : result.status === 404 ? "This website no longer exists."
      : result.status === 401 ? "Log in with an admin key to make changes."
      : `${action} failed (HTTP ${result.status}${title ? `: ${title}` : ""}).`;
    general.classList.add("error");
  }
  if (result.status === 401) showLogin(false);
  else firstInvalid?.focus();
}

export function networkError(form, error) {
  const general = form.querySelector('[data-error-for="*"]');
  general.textContent = `Could not reach the hub: ${error.message}`;
  general.classList.add("error");
}

export function setupAddForm() {
  const form = $("add-form");
  const editor = checkEditorOf("add");
  editor.load("http", "", null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const check = editor.value();
    if (!check.ok) return;
    const type = editor.type;
    const url = editor.url();
    const intervalText = $("add-interval").value.trim();
    const body = { type };
    if (url !== undefined) body.url = url;
    if (check.check !== null) body.check = check.check;
    if (intervalText !== "") body.interval = Number(intervalText);
    else if ($("add-interval").validity.badInput) body.interval = $("add-interval").value;
    const name = $("add-name").value.trim();
    if (name !== "") body.name = name;
    const tags = parseTags($("add-tags").value);
    if (tags.length) body.tags = tags;
    const regions = parseRegions($("add-regions").value);
    if (regions) body.regions = regions;
    const perRegion = parsePerRegion($("add-per-region"));
    if (perRegion !== null) body.validatorsPerRegion = perRegion;
    const button = $("add-submit");
    button.disabled = true;
    try {
      const result = await api("POST", "/api/websites", body);
      if (result.status === 201 && result.data) {
        resync(); // shows the new website if it belongs on the current page
        resyncSoon(15_000); // its uptime figures and the server's counts once it has been checked
        editor.clear();
        $("add-name").value = "";
        const message = $("add-message");
        message.textContent = result.data.name ? `Added ${result.data.name} (${result.data.url}).` : `Added ${result.data.url}.`;
        message.classList.add("ok");
        showPushUrl($("add-push"), result.data.id, result.data.pushUrl ?? null);
        (type === "push" ? $("add-name") : $("add-url")).focus();
      } else {
        showProblem(form, { ...result, data: result.data && { ...result.data, errors: editor.routeErrors(result.data.errors) } }, "Adding the website");
      }
    } catch (error) {
      networkError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}
