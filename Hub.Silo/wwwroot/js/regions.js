// Regions of a website: where it is checked from (its regions and validators per region, edited in the add form and
// the detail panel), the status of each region with the reason, and how its verdict is decided. Every field may be
// absent (a hub that does not send it): the panel then says what the defaults are.

import { api } from "./api.js";
import { $, badge, h, setText } from "./dom.js";
import { clearErrors, networkError, showProblem } from "./forms.js";
import { formatCount } from "./format.js";
import { applyWrite } from "./sites.js";
import { collator, state } from "./state.js";

/** The website fields of the verdict policy, copied from the API as they come (null means the default). */
export const policyFields = [
  "regions", "validatorsPerRegion", "downQuorum", "failingRounds", "degradedLatencyMs", "incidentOnDegraded", "recoverySeconds",
];

/** A comma list as the API's regions: null (every region) when it names none. */
export function parseRegions(text) {
  const regions = text.split(",").map((region) => region.trim()).filter((region) => region !== "");
  return regions.length ? regions : null;
}

/** A "validators per region" input as the API's value: null (all) when blank, the text itself when not a number. */
export function parsePerRegion(input) {
  const text = input.value.trim();
  if (text !== "") return Number(text);
  return input.validity.badInput ? input.value : null;
}

function plural(count, one, many) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** One sentence on where the website is checked from and how its verdict is decided, from the fields the hub sent. */
export function describePolicy(site) {
  const where = site.regions?.length ? `Checked from ${site.regions.join(", ")}` : "Checked from every region";
  const who = site.validatorsPerRegion ? `by ${plural(site.validatorsPerRegion, "validator", "validators")} of each` : "by every validator of each";
  const parts = [`${where}, ${who}.`];
  if (site.downQuorum !== undefined || site.failingRounds !== undefined) {
    const quorum = site.downQuorum ? plural(site.downQuorum, "region", "regions") : "more than half of the regions";
    const rounds = site.failingRounds > 1 ? ` for ${formatCount(site.failingRounds)} rounds in a row` : "";
    parts.push(`Down when ${quorum} with fresh data say Down${rounds}.`);
  }
  if (site.degradedLatencyMs) parts.push(`Degraded above ${formatCount(site.degradedLatencyMs)} ms.`);
  if (site.recoverySeconds !== undefined) {
    const opens = site.incidentOnDegraded ? "Down or Degraded opens an incident" : "Down opens an incident";
    parts.push(`${opens}; it resolves after ${formatCount(site.recoverySeconds ?? 0)} s good.`);
  }
  return parts.join(" ");
}

/** Fills the detail panel's Regions section for <paramref name="site"/>. */
export function renderRegions(site) {
  setText($("detail-policy"), describePolicy(site));
  const statuses = Array.isArray(site.regionStatuses) ? site.regionStatuses : null;
  const rows = (statuses ?? [])
    .slice()
    .sort((a, b) => collator.compare(a.region ?? "", b.region ?? ""))
    .map((region) => h("tr", { "data-region": region.region ?? "" },
      h("td", { text: region.region ?? "–" }),
      h("td", {}, badge(region.status ?? "Unknown")),
      h("td", { class: "num", text: formatCount(region.validators) }),
      h("td", { class: "num", text: formatCount(region.votes) }),
      h("td", { class: "muted", text: region.reason ?? "" })));
  const none = statuses ? "No region has checked this website yet." : "This hub reports no per-region status.";
  $("detail-regions").replaceChildren(...(rows.length ? rows : [h("tr", {}, h("td", { colSpan: 5, class: "muted", text: none }))]));
  const regionsInput = $("detail-regions-input");
  const perRegionInput = $("detail-per-region");
  if (document.activeElement !== regionsInput) regionsInput.value = site.regions?.join(", ") ?? "";
  if (document.activeElement !== perRegionInput) perRegionInput.value = site.validatorsPerRegion ?? "";
}

/** The detail panel's form: saves the selected website's regions and validators per region (blank: all). */
export function setupRegionsForm() {
  $("regions-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const site = state.sites.get(state.selected);
    if (!site) return;
    const form = event.currentTarget;
    clearErrors(form);
    const body = { regions: parseRegions($("detail-regions-input").value), validatorsPerRegion: parsePerRegion($("detail-per-region")) };
    try {
      const result = await api("PATCH", `/api/websites/${site.id}`, body);
      if (result.ok && result.data) {
        applyWrite(result.data);
        const message = $("regions-message");
        message.textContent = "Regions saved.";
        message.classList.add("ok");
      } else {
        showProblem(form, result, "Saving the regions");
      }
    } catch (error) {
      networkError(form, error);
    }
  });
}
