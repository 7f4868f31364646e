// A website's name and tags: shown in its row (the name, with the URL second, and the tags as chips) and in the detail
// panel, edited in the add form and the panel's form. A hub answering from memory sends no tags (null): what is known
// stays.

import { api } from "./api.js";
import { $, h } from "./dom.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { applyWrite } from "./sites.js";
import { state } from "./state.js";

/** The API's rule for one tag (README: REST API), after lower-casing. */
const tagPattern = /^[a-z0-9._-]{1,50}$/;

/** A comma or space list as the API's tags, as typed: the hub lower-cases them, removes duplicates and says which is bad. */
export function parseTags(text) {
  return text.split(/[\s,]+/).filter((tag) => tag !== "");
}

/** The tag a filter input names, lower-cased; "" for none, null when it is no tag. */
export function parseTagFilter(text) {
  const tag = text.trim().toLowerCase();
  if (tag === "") return "";
  return tagPattern.test(tag) ? tag : null;
}

/** Copies the name and tags of an API answer that carries them. */
export function copyLabels(site, data) {
  if (!Array.isArray(data.tags)) return;
  site.name = data.name ?? null;
  site.tags = data.tags;
}

/** The chips of <paramref name="tags"/>, for a row or the panel. */
export function tagChips(tags) {
  return tags.map((tag) => h("span", { class: "chip", text: tag }));
}

/** The detail panel's name and tags: the heading names the website, the URL under it when it has a name. */
export function renderLabels(site) {
  $("detail-tags").replaceChildren(...tagChips(site.tags));
  $("detail-tags").hidden = site.tags.length === 0;
  fill($("detail-name"), site.id, site.name ?? "");
  fill($("detail-tags-input"), site.id, site.tags.join(", "));
}

/** Has the panel's inputs show the opened website's name and tags again, whatever was typed before. */
export function resetLabelInputs() {
  for (const input of [$("detail-name"), $("detail-tags-input")]) delete input.dataset.shown;
}

/**
 * Shows <paramref name="value"/> in <paramref name="input"/> only when it changed since it was last shown: the panel is
 * drawn again on every tick, and must not undo what the viewer typed into one field while typing into the other.
 */
function fill(input, id, value) {
  const shown = `${id}|${value}`;
  if (input.dataset.shown === shown || document.activeElement === input) return;
  input.value = value;
  input.dataset.shown = shown;
}

/** The detail panel's form: saves the selected website's name (blank: none) and tags (blank: none). */
export function setupLabelsForm() {
  $("labels-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const site = state.sites.get(state.selected);
    if (!site) return;
    const form = event.currentTarget;
    clearErrors(form);
    const name = $("detail-name").value.trim();
    const body = { name: name === "" ? null : name, tags: parseTags($("detail-tags-input").value) };
    try {
      const result = await api("PATCH", `/api/websites/${site.id}`, body);
      if (result.ok && result.data) {
        applyWrite(result.data);
        const message = $("labels-message");
        message.textContent = "Name and tags saved.";
        message.classList.add("ok");
      } else {
        showProblem(form, result, "Saving the name and tags");
      }
    } catch (error) {
      networkError(form, error);
    }
  });
}
