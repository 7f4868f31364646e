// The dashboard's shared state: the websites on the page, the page, filter and sort shown, the validators, the
// selected website; and the constants more than one module needs. Every other module keeps its own state private.

/** Beats kept (and drawn) per website. */
export const recentLimit = 30;

/** Websites per page of /api/dashboard. */
export const pageSize = 100;

export const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

export const state = {
  loaded: false,
  /** Why the first load of the page failed, until one succeeds. */
  loadError: null,
  pendingTicks: [],
  sites: new Map(),
  validators: new Map(),
  sort: { key: "status", direction: 1 },
  serverSort: { key: "status", direction: 1 },
  filter: { text: "", status: "", tag: "" },
  offset: 0,
  /**
   * What the last /api/dashboard answer says of the websites that are not on the page: how many match the filter and
   * how many have each status. The header and the pager add the page's own websites, as their rows show them, so a
   * row and the counts never disagree (see list.js).
   */
  offPage: { total: 0, counts: { Up: 0, Down: 0, Degraded: 0, Maintenance: 0, Unknown: 0, Paused: 0 } },
  selected: null,
  window: "24h",
  /** True once the viewer picked a window: from then on the detail panel keeps it. */
  windowChosen: false,
  visible: [],
};
