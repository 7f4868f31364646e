// The monitor editor of the add form and the detail panel: the monitor type, the URL field that follows it, simple
// fields for the common cases and the whole check object as JSON (README: Monitor types and checks).
//
// The JSON is the one source of truth and what is saved: a simple field rewrites only its own key of the JSON as it is
// edited, and the simple fields are read back from the JSON as it is edited. A check the hub answered therefore goes
// back unchanged unless a field was touched, whatever it holds that the simple fields cannot show.

import { $, h } from "./dom.js";

const urlFormats = {
  http: { label: "URL", placeholder: "https://example.com/health" },
  tcp: { label: "TCP address", placeholder: "tcp://db.example.com:5432" },
  dns: { label: "DNS name", placeholder: "dns://example.com" },
  push: null,
};

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const connections = [
  { value: "fresh", text: "Fresh: a new connection per check" },
  { value: "warm", text: "Warm: one kept open and reused" },
];
const recordTypes = ["A", "AAAA", "CNAME", "MX", "NS", "TXT", "SOA", "CAA", "SRV", "PTR"];

/** The first "body contains" assertion: what the keyword field edits. */
function keywordIndex(check) {
  const assertions = Array.isArray(check.assertions) ? check.assertions : [];
  return assertions.findIndex((a) => a?.source === "body" && a?.operator === "contains");
}

function writeKeyword(check, text) {
  const index = keywordIndex(check);
  if (text === "") {
    if (index >= 0) check.assertions.splice(index, 1);
  } else if (index >= 0) {
    check.assertions[index].value = text;
  } else {
    check.assertions = [...(Array.isArray(check.assertions) ? check.assertions : []), { source: "body", operator: "contains", value: text }];
  }
}

/** "200, 202-204" as the API's list: numbers and "from-to" ranges; anything else as typed, for the hub to name. */
function parseStatusCodes(text) {
  return text.split(/[\s,]+/).filter((code) => code !== "").map((code) => (/^\d+$/.test(code) ? Number(code) : code));
}

/** A number field's text as JSON: a number when it is one, else the text itself so the hub's 400 names it. */
function parseNumber(text) {
  return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
}

function setOrDelete(check, key, value) {
  if (value === "" || (Array.isArray(value) && value.length === 0)) delete check[key];
  else check[key] = value;
}

function textField(key, label, placeholder) {
  return { key, label, placeholder, read: (c) => c[key] ?? "", write: (c, v) => setOrDelete(c, key, v) };
}

/** The simple fields of each type: what each reads from the check and how it writes its key back. */
const simpleFields = {
  http: [
    { key: "method", label: "Method", options: methods, read: (c) => c.method ?? "GET", write: (c, v) => { c.method = v; } },
    {
      key: "statusCodes", label: "Accepted status codes", placeholder: "200-399",
      read: (c) => (Array.isArray(c.statusCodes) ? c.statusCodes.join(", ") : ""),
      write: (c, v) => setOrDelete(c, "statusCodes", parseStatusCodes(v)),
    },
    {
      key: "connection", label: "Connection", options: connections,
      read: (c) => c.connection ?? "fresh",
      write: (c, v) => setOrDelete(c, "connection", v === "fresh" ? "" : v),
    },
    {
      key: "keyword", label: "Body must contain", placeholder: "optional, e.g. Add to cart",
      read: (c) => (keywordIndex(c) >= 0 ? c.assertions[keywordIndex(c)].value ?? "" : ""),
      write: writeKeyword,
      path: (c) => (keywordIndex(c) >= 0 ? `check.assertions[${keywordIndex(c)}]` : null),
    },
  ],
  tcp: [textField("send", "Send", "optional, e.g. PING"), textField("expect", "Expect in the answer", "optional, e.g. +PONG")],
  dns: [
    { key: "recordType", label: "Record type", options: recordTypes, read: (c) => c.recordType ?? "A", write: (c, v) => { c.recordType = v; } },
    textField("server", "Server", "the validator's resolver, or 9.9.9.9"),
    textField("expected", "Expected value", "optional, e.g. 192.0.2.10"),
  ],
  push: [{
    key: "graceSeconds", label: "Grace (s)", placeholder: "60", number: true,
    read: (c) => (c.graceSeconds ?? "").toString(),
    write: (c, v) => setOrDelete(c, "graceSeconds", parseNumber(v)),
  }],
};

/** Reads the textarea: {check} (null when blank), or {problem} when it is no JSON object. */
function parseCheck(text) {
  if (text.trim() === "") return { check: null };
  try {
    const check = JSON.parse(text);
    if (check === null) return { check: null };
    if (typeof check !== "object" || Array.isArray(check)) return { problem: "The check must be a JSON object: {…}." };
    return { check };
  } catch (error) {
    return { problem: `Not valid JSON: ${error.message}` };
  }
}

function pretty(check) {
  return check && Object.keys(check).length ? JSON.stringify(check, null, 2) : "{}";
}

/**
 * Builds the editor into <paramref name="mount"/>: <paramref name="typeSelect"/>
 * picks the type, <paramref name="urlInput"/> (in <paramref name="urlField"/>, labelled by <paramref name="urlLabel"/>)
 * follows it. Each type keeps its own URL and JSON while the viewer switches between types.
 */
export function createCheckEditor({ prefix, mount, typeSelect, urlField, urlLabel, urlInput }) {
  const simple = h("div", { class: "check-simple", id: `${prefix}-check-simple` });
  const jsonId = `${prefix}-check-json`;
  const jsonError = h("p", { class: "field-error", id: `${jsonId}-error`, "data-error-for": "check", role: "alert" });
  const textarea = h("textarea", {
    id: jsonId, name: "check", rows: 6, spellcheck: false, autocomplete: "off", class: "check-json",
    "aria-describedby": `${jsonId}-error ${jsonId}-hint`,
  });
  const advanced = h("details", { class: "check-advanced" },
    h("summary", { text: "Advanced (JSON)" }),
    h("p", { class: "muted check-hint", id: `${jsonId}-hint`, text: "The whole check, as saved: the fields above edit it. Empty or {}: the type's plain check." }),
    h("label", { for: jsonId, class: "visually-hidden", text: "Check (JSON)" }),
    jsonError, textarea);
  mount.replaceChildren(simple, advanced);

  const drafts = { url: {}, check: {} };
  let type = typeSelect.value;

  function showType() {
    const format = urlFormats[type];
    urlField.hidden = format === null;
    if (format) {
      urlLabel.textContent = format.label;
      urlInput.placeholder = format.placeholder;
    }
    renderSimple();
  }

  function renderSimple() {
    const { check } = parseCheck(textarea.value);
    simple.replaceChildren(...simpleFields[type].map((field) => {
      const id = `${prefix}-check-${field.key}`;
      const name = `check.${field.key}`;
      const input = field.options
        ? h("select", { id, name }, ...field.options.map((option) => h("option", typeof option === "string" ? { value: option, text: option } : option)))
        : h("input", { id, name, type: field.number ? "number" : "text", placeholder: field.placeholder, autocomplete: "off", spellcheck: false });
      input.setAttribute("aria-describedby", `${id}-error`);
      input.dataset.key = field.key;
      input.addEventListener("input", () => writeField(field, input));
      return h("div", { class: "field" }, h("label", { for: id, text: field.label }), input,
        h("p", { class: "field-error", id: `${id}-error`, "data-error-for": name }));
    }));
    readFields(check, null);
  }

  /** Shows the check's values in the simple fields; while the JSON cannot be read, they wait for it. */
  function readFields(check, except) {
    for (const input of simple.querySelectorAll("[data-key]")) {
      const field = simpleFields[type].find((f) => f.key === input.dataset.key);
      input.disabled = check === undefined;
      input.title = check === undefined ? "Fix the JSON below to use this field" : "";
      if (check === undefined || input === except) continue;
      const value = field.read(check ?? {});
      const multiline = typeof value === "string" && /[\r\n]/.test(value);
      input.readOnly = multiline; // an input would drop the line breaks; the JSON keeps them
      if (multiline) input.title = "Has line breaks: edit it in the JSON";
      input.value = multiline ? value.replace(/\r?\n|\r/g, "⏎") : value;
    }
  }

  function writeField(field, input) {
    const { check } = parseCheck(textarea.value);
    if (check === undefined) return;
    const next = check ?? {};
    field.write(next, input.value);
    textarea.value = pretty(next);
  }

  typeSelect.addEventListener("change", () => {
    drafts.url[type] = urlInput.value;
    drafts.check[type] = textarea.value;
    type = typeSelect.value;
    urlInput.value = drafts.url[type] ?? "";
    textarea.value = drafts.check[type] ?? "{}";
    jsonError.textContent = "";
    showType();
  });

  textarea.addEventListener("input", () => {
    const { check, problem } = parseCheck(textarea.value);
    jsonError.textContent = problem ?? "";
    if (problem) textarea.setAttribute("aria-invalid", "true");
    else textarea.removeAttribute("aria-invalid");
    readFields(problem ? undefined : check, null);
  });

  /** The JSON's problem shown by the textarea, which is opened and focused. */
  function showJsonProblem(problem) {
    advanced.open = true;
    jsonError.textContent = problem;
    textarea.setAttribute("aria-invalid", "true");
    textarea.focus();
  }

  return {
    get type() { return type; },

    /** Shows a stored monitor: its type, URL (none for push) and check (null: plain); forgets other types' drafts. */
    load(newType, url, check) {
      drafts.url = {};
      drafts.check = {};
      type = newType;
      typeSelect.value = newType;
      urlInput.value = urlFormats[newType] ? url ?? "" : "";
      textarea.value = pretty(check);
      textarea.removeAttribute("aria-invalid");
      jsonError.textContent = "";
      showType();
    },

    /** Empties the URL and check of the current type, after it was saved. */
    clear() {
      drafts.url = {};
      drafts.check = {};
      urlInput.value = "";
      textarea.value = "{}";
      renderSimple();
    },

    /** The URL to send, or undefined for a push monitor (which has none). */
    url() {
      return urlFormats[type] ? urlInput.value.trim() : undefined;
    },

    /** The check to send ({check}, null for plain), or {ok: false} after showing why the JSON cannot be sent. */
    value() {
      const { check, problem } = parseCheck(textarea.value);
      if (problem) {
        showJsonProblem(problem);
        return { ok: false };
      }
      return { ok: true, check };
    },

    /**
     * The hub's field errors with each "check.…" message moved to the simple field its path names (e.g.
     * "check.method …", or the keyword's assertion), else left under "check", shown above the JSON with its path.
     */
    routeErrors(errors) {
      if (!errors?.check) return errors;
      const routed = { ...errors };
      delete routed.check;
      const { check } = parseCheck(textarea.value);
      for (const message of [errors.check].flat()) {
        const field = simpleFields[type].find((f) => {
          const path = f.path ? f.path(check ?? {}) : `check.${f.key}`;
          return path !== null && (message.startsWith(`${path} `) || message.startsWith(`${path}.`) || message.startsWith(`${path}[`));
        });
        const key = field ? `check.${field.key}` : "check";
        routed[key] = [...(routed[key] ?? []), message];
        if (!field) advanced.open = true;
      }
      return routed;
    },
  };
}

/** The editor of the form whose elements' ids start with <paramref name="prefix"/> (see index.html). */
export function checkEditorOf(prefix) {
  return createCheckEditor({
    prefix, mount: $(`${prefix}-check`), typeSelect: $(`${prefix}-type`),
    urlField: $(`${prefix}-url-field`), urlLabel: $(`${prefix}-url-label`), urlInput: $(`${prefix}-url`),
  });
}
