// Uptime dashboard: the websites and validators of the hub, live from server-sent events. The entry module: it
// wires the page's controls, then loads the session and, once reading is allowed, the data and the event stream.
//
// Modules under js/: state.js (shared state), api.js (REST client), sync.js (loading the page of websites),
// sites.js (website model), list.js (the windowed website list and its controls), live.js (the event stream),
// validators.js, detail.js (detail panel), labels.js (a website's name and tags), regions.js (a website's regions, their status and its verdict rule),
// chart.js (latency chart), maintenance.js (maintenance windows), incidents.js (incidents), notifications.js with
// channels.js, policies.js and deliveries.js (notification channels, policies, delivery logs), forms.js and session.js
// (forms, login), checkeditor.js, monitor.js and pushurl.js (a website's monitor type and check, a push monitor's URL),
// dom.js and format.js.

import { setupDetail } from "./js/detail.js";
import { toast } from "./js/dom.js";
import { setupAddForm } from "./js/forms.js";
import { setupIncidents } from "./js/incidents.js";
import { setupLabelsForm } from "./js/labels.js";
import { setupListControls, setupWindowing } from "./js/list.js";
import { setupMaintenance } from "./js/maintenance.js";
import { setupMonitorForm } from "./js/monitor.js";
import { setupNotifications } from "./js/notifications.js";
import { setupPushUrls } from "./js/pushurl.js";
import { setupRegionsForm } from "./js/regions.js";
import { loadSession, setupSession, start } from "./js/session.js";
import { setupValidatorActions } from "./js/validators.js";

setupListControls();
setupAddForm();
setupWindowing();
setupDetail();
setupRegionsForm();
setupLabelsForm();
setupMonitorForm();
setupPushUrls();
setupMaintenance();
setupIncidents();
setupNotifications();
setupSession();
setupValidatorActions();
loadSession()
  .then((readable) => { if (readable) start(); })
  .catch((error) => {
    toast(`Could not reach the hub: ${error.message}`);
    start();
  });
