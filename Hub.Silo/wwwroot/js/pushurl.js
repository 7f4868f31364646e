// A push monitor's URL (README: Push monitors), shown to a writer after adding one and in its detail panel: the URL,
// a button that copies it, and one that replaces it with a new token after a confirmation (the old URL then answers 404).

import { api } from "./api.js";
import { $, h, toast } from "./dom.js";

/** The website whose URL the open confirmation would replace, and what to do with the new URL. */
let pending = null;

/**
 * Shows <paramref name="url"/> of website <paramref name="id"/> in <paramref name="box"/> (hidden when there is no URL);
 * <paramref name="rotated"/> is told each new URL. Elements already showing this website's URL are kept, so a redraw
 * does not take the focus away.
 */
export function showPushUrl(box, id, url, rotated) {
  if (!url) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  const shown = box.querySelector("input");
  if (shown && box.dataset.id === id) {
    if (shown.value !== url) shown.value = url;
    return;
  }
  box.dataset.id = id;
  const inputId = `${box.id}-value`;
  const message = h("p", { class: "form-message", role: "status", "aria-live": "polite" });
  const input = h("input", { id: inputId, type: "text", readOnly: true, value: url, spellcheck: false, class: "push-url-value" });
  const copy = h("button", { type: "button", class: "btn btn-small", text: "Copy" });
  const rotate = h("button", { type: "button", class: "btn btn-small", text: "New token…" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      message.textContent = "Copied.";
    } catch {
      input.select();
      message.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
    }
  });
  rotate.addEventListener("click", () => {
    pending = { id, show: (next) => { input.value = next; rotated?.(next); }, message };
    $("confirm-rotate").returnValue = "";
    $("confirm-rotate").showModal();
  });
  box.replaceChildren(
    h("label", { for: inputId, text: "Push URL (a secret: the job calls it)" }),
    h("div", { class: "push-url-row" }, input, copy, rotate),
    message);
}

export function setupPushUrls() {
  const dialog = $("confirm-rotate");
  dialog.addEventListener("close", async () => {
    const target = pending;
    pending = null;
    if (dialog.returnValue !== "rotate" || !target) return;
    try {
      const result = await api("POST", `/api/websites/${encodeURIComponent(target.id)}/push-token`);
      if (result.ok && result.data?.pushUrl) {
        target.show(result.data.pushUrl);
        target.message.textContent = "New URL: the old one no longer works.";
      } else {
        target.message.textContent = result.data?.detail ?? `Replacing the URL failed (HTTP ${result.status}).`;
      }
    } catch (error) {
      toast(`Could not reach the hub: ${error.message}`);
    }
  });
}
