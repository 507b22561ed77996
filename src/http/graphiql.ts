import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Self-hosted GraphiQL: the page and its four assets are served by this process,
 * so the IDE works offline / behind strict egress rules and never loads code from a CDN.
 */

/** Options for {@link graphiqlPage}. */
export interface GraphiqlPageOptions {
  /** GraphQL endpoint the IDE POSTs to (e.g. "/graphql"). */
  endpoint: string;
  /** Path prefix under which {@link graphiqlAsset} is mounted (e.g. "/graphiql/assets"). */
  assetBase: string;
  /** Document title; defaults to "GraphiQL". */
  title?: string;
}

/** One static asset ready to be written to an HTTP response. */
export interface GraphiqlAsset {
  body: Buffer;
  contentType: string;
}

const JS = "application/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/**
 * Resolves a file inside a package's directory. react and react-dom declare an
 * "exports" map that hides umd/*, so require.resolve("react/umd/...") throws
 * ERR_PACKAGE_PATH_NOT_EXPORTED; their package.json is exported, so we anchor on it.
 */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * The fixed allow-list: public name -> resolver of the on-disk path. Request input is
 * only ever used as a Map key, so no path traversal is possible.
 */
const ASSETS: ReadonlyMap<string, { resolve: () => string; contentType: string }> = new Map([
  ["react.production.min.js", { resolve: () => packageFile("react", "umd/react.production.min.js"), contentType: JS }],
  [
    "react-dom.production.min.js",
    { resolve: () => packageFile("react-dom", "umd/react-dom.production.min.js"), contentType: JS },
  ],
  ["graphiql.min.js", { resolve: () => require.resolve("graphiql/graphiql.min.js"), contentType: JS }],
  ["graphiql.min.css", { resolve: () => require.resolve("graphiql/graphiql.min.css"), contentType: CSS }],
]);

/** Each asset is read from disk at most once (files are immutable for the life of the process). */
const cache = new Map<string, GraphiqlAsset>();

/**
 * Serves one GraphiQL asset by file name (e.g. "graphiql.min.js"); returns null for anything
 * not on the fixed allow-list. Throws if an allowed file is missing from node_modules, so a
 * broken install surfaces as a server error rather than a silent 404.
 */
export function graphiqlAsset(name: string): GraphiqlAsset | null {
  const cached = cache.get(name);
  if (cached) return cached;
  const entry = ASSETS.get(name);
  if (!entry) return null;
  const asset: GraphiqlAsset = { body: readFileSync(entry.resolve()), contentType: entry.contentType };
  cache.set(name, asset);
  return asset;
}

/** Escapes text for use in HTML element content and double-quoted attribute values. */
function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON for embedding inside an inline <script>: "<" is escaped so a value can never close the
 * script element, and U+2028/U+2029 so older JS parsers don't treat them as line breaks.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Shown in the query editor on first visit (GraphiQL persists tabs in localStorage afterwards). */
const DEFAULT_QUERY = `# Paste your API key in the field above and press Save (or Enter).
# Every request then carries "Authorization: Bearer <your key>".
{
  viewer {
    id
    name
  }
}
`;

/** Height of the API-key bar; GraphiQL gets the rest of the viewport. */
const TOOLBAR_HEIGHT_PX = 44;

/**
 * The HTML page that hosts GraphiQL; every asset it loads is served by this process (no CDN).
 * It contains no absolute http(s) URL: assets come from `${assetBase}/<name>` and the favicon
 * is an empty data: URL so the browser doesn't even probe /favicon.ico.
 */
export function graphiqlPage(options: GraphiqlPageOptions): string {
  const base = options.assetBase.replace(/\/+$/, "");
  const asset = (name: string): string => escapeHtml(`${base}/${name}`);
  const title = escapeHtml(options.title ?? "GraphiQL");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset("graphiql.min.css")}">
<style>
  html, body { height: 100%; margin: 0; }
  body { overflow: hidden; }
  #api-key-bar {
    box-sizing: border-box; height: ${TOOLBAR_HEIGHT_PX}px; display: flex; align-items: center; gap: 8px;
    padding: 0 12px; border-bottom: 1px solid #d9dce3; background: #f6f7f9; color: #1f2430;
    font: 14px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  }
  #api-key-bar label { font-weight: 600; }
  #api-key-input {
    width: 320px; max-width: 45vw; padding: 5px 8px; font: inherit;
    border: 1px solid #b9bec9; border-radius: 4px; background: #fff; color: inherit;
  }
  #api-key-save {
    padding: 5px 14px; font: inherit; cursor: pointer;
    border: 1px solid #3b5bdb; border-radius: 4px; background: #3b5bdb; color: #fff;
  }
  #api-key-save:hover { background: #324cc0; }
  #api-key-status { color: #5c6370; }
  #api-key-status.is-set { color: #2b8a3e; }
  #api-key-status.is-refused { color: #c92a2a; }
  #graphiql { height: calc(100vh - ${TOOLBAR_HEIGHT_PX}px); }
</style>
</head>
<body>
<div id="api-key-bar">
  <label for="api-key-input">API key</label>
  <input id="api-key-input" type="password" placeholder="Paste your API key" autocomplete="off" spellcheck="false">
  <button id="api-key-save" type="button">Save</button>
  <span id="api-key-status" role="status" aria-live="polite">No API key set</span>
</div>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript.</noscript>
<script src="${asset("react.production.min.js")}"></script>
<script src="${asset("react-dom.production.min.js")}"></script>
<script src="${asset("graphiql.min.js")}"></script>
<script>
(function () {
  "use strict";
  var ENDPOINT = ${scriptJson(options.endpoint)};
  var DEFAULT_QUERY = ${scriptJson(DEFAULT_QUERY)};
  var STORAGE_KEY = "connectivity.apiKey";

  var input = document.getElementById("api-key-input");
  var saveButton = document.getElementById("api-key-save");
  var status = document.getElementById("api-key-status");

  // localStorage can throw (disabled storage, private mode); the IDE must still work.
  function loadKey() {
    try { return window.localStorage.getItem(STORAGE_KEY) || ""; } catch (e) { return ""; }
  }
  function storeKey(key) {
    try {
      if (key) window.localStorage.setItem(STORAGE_KEY, key);
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch (e) { /* keep the key in memory only */ }
  }

  var apiKey = loadKey();
  input.value = apiKey;

  function setStatus(text, state) {
    status.textContent = text;
    status.className = state || "";
  }

  // The bar checks its key with { viewer { name } }: the customer's name, or why not. A later
  // check supersedes an earlier one still on its way.
  var checks = 0;
  function checkKey() {
    var ticket = ++checks;
    if (!apiKey) return setStatus("No API key set", "");
    setStatus("Checking the key\u2026", "");
    fetch(ENDPOINT, {
      method: "POST",
      headers: buildHeaders(apiKey),
      body: JSON.stringify({ query: "{ viewer { name } }" }),
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (ticket !== checks) return;
        if (res.status === 401) return setStatus("Key refused", "is-refused");
        var viewer = body && body.data && body.data.viewer;
        if (viewer) return setStatus("Key of " + viewer.name, "is-set");
        setStatus("Could not check the key (HTTP " + res.status + ")", "is-refused");
      });
    }, function () {
      if (ticket === checks) setStatus("Could not check the key: no answer from the server", "is-refused");
    });
  }

  // Header names are case-insensitive: merge on the lower-cased name so a header typed in
  // GraphiQL's Headers editor replaces ours instead of being sent twice ("a, b").
  function buildHeaders(key, extra) {
    var merged = {};
    function put(name, value) { merged[name.toLowerCase()] = [name, String(value)]; }
    put("Content-Type", "application/json");
    if (key) put("Authorization", "Bearer " + key);
    if (extra) Object.keys(extra).forEach(function (name) { put(name, extra[name]); });
    var headers = {};
    Object.keys(merged).forEach(function (k) { headers[merged[k][0]] = merged[k][1]; });
    return headers;
  }

  /** The Authorization header typed in GraphiQL's Headers tab, if any. */
  function typedAuthorization(extra) {
    if (!extra) return null;
    var name = Object.keys(extra).filter(function (n) { return n.toLowerCase() === "authorization"; })[0];
    return name === undefined ? null : String(extra[name]);
  }

  var CONFLICT = "The Authorization header in the Headers tab and the API key bar disagree: clear one of them.";

  // A new fetcher identity per key makes GraphiQL re-run schema introspection with it. The bar
  // and the Headers tab never silently disagree: a typed Authorization is used when the bar is
  // empty or says the same; otherwise nothing is sent and both the answer and the bar say why.
  function makeFetcher(key) {
    return function (graphQLParams, opts) {
      var typed = typedAuthorization(opts && opts.headers);
      if (key && typed !== null && typed.trim() !== "Bearer " + key) {
        setStatus("Conflicts with the Authorization header in the Headers tab", "is-refused");
        return Promise.resolve({ errors: [{ message: CONFLICT }] });
      }
      return fetch(ENDPOINT, {
        method: "POST",
        headers: buildHeaders(key, opts && opts.headers),
        body: JSON.stringify(graphQLParams),
        credentials: "same-origin"
      }).then(function (res) {
        return res.text().then(function (text) {
          try { return JSON.parse(text); } catch (e) {
            return { errors: [{ message: "Non-JSON response (HTTP " + res.status + "): " + text.slice(0, 500) }] };
          }
        });
      });
    };
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  function render() {
    root.render(React.createElement(GraphiQL, {
      fetcher: makeFetcher(apiKey),
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true
    }));
  }

  function save() {
    apiKey = input.value.trim();
    input.value = apiKey;
    storeKey(apiKey);
    checkKey();
    render();
  }

  saveButton.addEventListener("click", save);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); save(); }
  });

  checkKey();
  render();
})();
</script>
</body>
</html>
`;
}
