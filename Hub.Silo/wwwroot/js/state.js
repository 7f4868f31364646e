// The dashboard's shared state: the websites on the page, the page, filter and sort shown, the validators, the
// selected website; and the constants more than one module needs. Every other module keeps its own state private.

/** Beats kept (and drawn) per website. */
export const recentLimit = 30;

/** Websites per page of /api/dashboard. */
export const pageSize = 100;

export const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

export const state = {
  loaded: false,
  pendingTicks: [],
  sites: new Map(),
  validators: new Map(),
  sort: { key: "status", direction: 1 },
  serverSort: { key: "status", direction: 1 },
  filter: { text: "", status: "" },
  offset: 0,
  total: 0,
  counts: { Up: 0, Down: 0, Degraded: 0, Unknown: 0, Paused: 0 },
  selected: null,
  window: "24h",
  visible: [],
};
