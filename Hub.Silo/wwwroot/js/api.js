// The hub's REST API as the dashboard calls it.

/**
 * One JSON request; returns {ok, status, data} and never throws for HTTP errors (it does for network errors). Every
 * write declares JSON, a bodiless DELETE too: the hub refuses a write with the session cookie that does not.
 */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store",
  });
  let data = null;
  if (response.status !== 204 && (response.headers.get("content-type") ?? "").includes("json")) {
    data = await response.json().catch(() => null);
  }
  return { ok: response.ok, status: response.status, data };
}

export async function getJson(path) {
  const result = await api("GET", path);
  if (!result.ok) throw new Error(`GET ${path} answered ${result.status}`);
  return result.data;
}
