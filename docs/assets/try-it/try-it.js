/* The try-it console of the API reference pages (markup: scripts/gateway_docs/templates/reference/partials/try_it.md.j2).
 *
 * - The edited body is validated in the browser against the operation's request schema (JSON Schema 2020-12, the
 *   conversion the mock gateway validates with), using the vendored Ajv bundle (ajv2020.min.js, see SOURCE.md):
 *   an invalid body is never sent, and each error names the field and can move the caret to it.
 * - The API key lives in sessionStorage only (this tab), is never put in the URL or the page, and is sent only
 *   as the Authorization header of the request to the chosen base URL.
 * - `stream: true` answers (text/event-stream) are read incrementally: every event is listed as it arrives.
 * - "Copy as cURL" copies exactly the method, URL and body that were sent; the key is written as $HELICONE_API_KEY
 *   so it never lands in a clipboard history or a pasted chat message.
 */
(function () {
  "use strict";

  var KEY_STORE = "gateway-docs.try-it.api-key";
  var BASE_STORE = "gateway-docs.try-it.base-url";

  function siteBase() {
    // Material writes the relative site root into #__config; fall back to the page's own folder.
    var config = document.getElementById("__config");
    try {
      if (config) return new URL(JSON.parse(config.textContent).base + "/", location.href);
    } catch (e) { /* not Material, or malformed: use the fallback */ }
    return new URL("./", location.href);
  }

  function shellQuote(text) {
    return "'" + String(text).replace(/'/g, "'\\''") + "'";
  }

  /* JSON pointer -> [start, end) offsets in the source text, so an error can point at its field. A small
     recursive-descent walk over text JSON.parse has already accepted. */
  function locate(text) {
    var at = 0, map = {};
    function ws() { while (at < text.length && " \t\n\r".indexOf(text[at]) >= 0) at++; }
    function str() {
      var start = at++;
      while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
      at++;
      return JSON.parse(text.slice(start, at));
    }
    function value(ptr, keyStart) {
      ws();
      var start = keyStart === undefined ? at : keyStart;
      var c = text[at];
      if (c === "{") {
        at++; ws();
        if (text[at] === "}") at++;
        else for (;;) {
          ws(); var ks = at; var k = str(); ws(); at++; /* : */
          value(ptr + "/" + k.replace(/~/g, "~0").replace(/\//g, "~1"), ks); ws();
          if (text[at++] === "}") break;
        }
      } else if (c === "[") {
        at++; ws();
        if (text[at] === "]") at++;
        else for (var i = 0; ; i++) {
          value(ptr + "/" + i); ws();
          if (text[at++] === "]") break;
        }
      } else if (c === '"') {
        str();
      } else {
        while (at < text.length && ",}] \t\n\r".indexOf(text[at]) < 0) at++;
      }
      map[ptr] = [start, at];
    }
    value("");
    return map;
  }

  function readablePath(pointer) {
    if (!pointer) return "body";
    return pointer.slice(1).split("/").map(function (p) { return p.replace(/~1/g, "/").replace(/~0/g, "~"); })
      .reduce(function (acc, p) { return /^\d+$/.test(p) ? acc + "[" + p + "]" : (acc ? acc + "." + p : p); }, "");
  }

  /* Ajv with allErrors reports every failing branch of a oneOf/anyOf; a reader wants the few that matter: the
     deepest locations first, one message per location, at most six. */
  function pickErrors(errors) {
    var seen = {}, out = [];
    // a oneOf over message shapes fails once per branch (`const: "system"`, `const: "user"`...): one line listing
    // every allowed value reads better than six
    var allowed = {};
    errors.forEach(function (e) {
      var values = e.keyword === "const" ? [e.params.allowedValue] : e.keyword === "enum" ? e.params.allowedValues : null;
      if (values) {
        var list = allowed[e.instancePath] = allowed[e.instancePath] || [];
        values.forEach(function (v) { if (list.indexOf(v) < 0) list.push(v); });
      }
    });
    var sorted = errors.slice().sort(function (a, b) {
      return b.instancePath.split("/").length - a.instancePath.split("/").length;
    });
    var deepest = sorted.length ? sorted[0].instancePath.split("/").length : 0;
    var tagged = Object.keys(allowed).map(function (p) { return p.slice(0, p.lastIndexOf("/")); });
    sorted.forEach(function (e) {
      // a wrong tag (`role: "wizard"`) already says why every branch failed: the branches' other complaints about
      // the same object (`missing "tool_call_id"`) are noise
      if (e.keyword === "required" && tagged.indexOf(e.instancePath) >= 0) return;
      if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if") {
        if (sorted.some(function (d) { return d.instancePath.indexOf(e.instancePath) === 0 && d !== e; })) return;
      }
      var msg = e.message || e.keyword;
      if (e.keyword === "additionalProperties") {
        msg = "unknown field " + JSON.stringify(e.params.additionalProperty);
        e = { instancePath: e.instancePath + "/" + e.params.additionalProperty, message: msg };
      } else if (e.keyword === "required") {
        msg = "missing required field " + JSON.stringify(e.params.missingProperty);
      } else if (e.keyword === "enum" || e.keyword === "const") {
        var values = allowed[e.instancePath];
        msg = values.length === 1 ? "must be " + JSON.stringify(values[0])
          : "must be one of " + values.map(function (v) { return JSON.stringify(v); }).join(", ");
      }
      var key = e.instancePath + "\u0000" + msg;
      if (seen[key] || out.length >= 6) return;
      if (e.instancePath.split("/").length < deepest - 2 && out.length) return;
      seen[key] = true;
      out.push({ pointer: e.instancePath, message: msg });
    });
    return out;
  }

  function init(root) {
    var method = root.getAttribute("data-method");
    var path = root.getAttribute("data-path");
    var q = function (sel) { return root.querySelector(sel); };
    var base = q(".try-it__base"), custom = q(".try-it__custom"), keyInput = q(".try-it__key");
    var body = q(".try-it__body"), errorsBox = q(".try-it__errors"), exampleSelect = q(".try-it__example");
    var send = q(".try-it__send"), copy = q(".try-it__copy"), status = q(".try-it__status");
    var response = q(".try-it__response"), statusLine = q(".try-it__status-line"), headersOut = q(".try-it__headers");
    var out = q(".try-it__out"), events = q(".try-it__events"), eventsLabel = q(".try-it__events-label");
    var text = q(".try-it__text"), textLabel = q(".try-it__text-label"), curlOut = q(".try-it__curl");
    var data = null, validate = null, lastCurl = "", busy = null;

    keyInput.value = sessionStorage.getItem(KEY_STORE) || "";
    keyInput.addEventListener("input", function () {
      if (keyInput.value) sessionStorage.setItem(KEY_STORE, keyInput.value);
      else sessionStorage.removeItem(KEY_STORE);
    });
    var savedBase = sessionStorage.getItem(BASE_STORE);
    if (savedBase) {
      var known = Array.prototype.some.call(base.options, function (o) { return o.value === savedBase; });
      if (known) base.value = savedBase; else { base.value = "custom"; custom.value = savedBase; }
    }
    function syncCustom() { custom.hidden = base.value !== "custom"; }
    syncCustom();
    base.addEventListener("change", function () {
      syncCustom();
      if (base.value === "custom") custom.focus();
      else sessionStorage.setItem(BASE_STORE, base.value);
    });
    custom.addEventListener("input", function () { sessionStorage.setItem(BASE_STORE, custom.value.trim()); });

    fetch(new URL(root.getAttribute("data-try-it"), siteBase()).href).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (d) {
      data = d;
      var Ajv = window.ajv2020 && (window.ajv2020.default || window.ajv2020);
      if (d.schema && Ajv) {
        var ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
        // the request schemas use `uri`; Ajv ships no formats (ajv-formats is a separate bundle)
        ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
        validate = ajv.compile(d.schema);
      }
      // An example picked while this file was still loading (a slow network, a quick reader) applies now.
      if (exampleSelect && exampleSelect.selectedIndex > 0) applyExample();
    }).catch(function (e) {
      status.textContent = "Schema not loaded (" + e.message + "): the body is sent unchecked.";
    });

    function applyExample() {
      if (data && data.examples[exampleSelect.value]) {
        body.value = JSON.stringify(data.examples[exampleSelect.value].value, null, 2);
        showErrors([]);
      }
    }
    if (exampleSelect) exampleSelect.addEventListener("change", applyExample);

    function baseUrl() {
      var url = base.value === "custom" ? custom.value.trim() : base.value;
      return url.replace(/\/+$/, "");
    }

    function showErrors(list, source) {
      errorsBox.textContent = "";
      body && body.removeAttribute("aria-invalid");
      if (!list.length) return;
      body.setAttribute("aria-invalid", "true");
      var intro = document.createElement("p");
      intro.textContent = "Not sent: the body does not match the request schema.";
      var ul = document.createElement("ul");
      var spots = source ? (function () { try { return locate(source); } catch (e) { return {}; } })() : {};
      list.forEach(function (err) {
        var li = document.createElement("li");
        li.setAttribute("data-pointer", err.pointer);
        var field = document.createElement("code");
        field.textContent = readablePath(err.pointer);
        li.appendChild(field);
        li.appendChild(document.createTextNode(": " + err.message + " "));
        var spot = spots[err.pointer];
        if (spot) {
          var go = document.createElement("button");
          go.type = "button";
          go.className = "try-it__goto";
          go.textContent = "Go to field";
          go.addEventListener("click", function () {
            body.focus();
            body.setSelectionRange(spot[0], spot[1]);
          });
          li.appendChild(go);
        }
        ul.appendChild(li);
      });
      errorsBox.appendChild(intro);
      errorsBox.appendChild(ul);
    }

    function check() {
      if (!body) return { ok: true, text: null };
      var source = body.value;
      var parsed;
      try {
        parsed = JSON.parse(source);
      } catch (e) {
        showErrors([{ pointer: "", message: "not valid JSON (" + e.message + ")" }]);
        return { ok: false };
      }
      if (validate && !validate(parsed)) {
        showErrors(pickErrors(validate.errors || []), source);
        return { ok: false };
      }
      showErrors([]);
      return { ok: true, text: source, json: parsed };
    }

    function curlFor(url, sentBody) {
      var parts = ["curl", "-X", method, shellQuote(url), "\\\n  -H", '"Authorization: Bearer $HELICONE_API_KEY"'];
      if (sentBody !== null) parts.push("\\\n  -H", shellQuote("Content-Type: application/json"),
                                        "\\\n  --data-raw", shellQuote(sentBody));
      return parts.join(" ");
    }

    function addEvent(name, payload) {
      var li = document.createElement("li");
      var tag = document.createElement("code");
      tag.textContent = name || "message";
      li.appendChild(tag);
      li.appendChild(document.createTextNode(" " + (payload.length > 300 ? payload.slice(0, 300) + "…" : payload)));
      events.appendChild(li);
      if (payload === "[DONE]") return;
      try {
        var ev = JSON.parse(payload);
        var piece = ev.type === "response.output_text.delta" ? ev.delta
          : (ev.choices && ev.choices[0] && ev.choices[0].delta && ev.choices[0].delta.content) || "";
        if (piece) { text.hidden = textLabel.hidden = false; text.textContent += piece; }
      } catch (e) { /* a non-JSON event: listed as it is */ }
    }

    async function readStream(res) {
      events.hidden = eventsLabel.hidden = false;
      var reader = res.body.getReader(), decoder = new TextDecoder(), buffer = "", count = 0;
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        var frames = buffer.split(/\r?\n\r?\n/);
        buffer = frames.pop();
        frames.forEach(function (frame) {
          var name = "", lines = [];
          frame.split(/\r?\n/).forEach(function (line) {
            if (line.indexOf("event:") === 0) name = line.slice(6).trim();
            else if (line.indexOf("data:") === 0) lines.push(line.slice(5).replace(/^ /, ""));
          });
          if (lines.length) { addEvent(name, lines.join("\n")); count++; }
        });
        status.textContent = count + " events received…";
      }
      out.textContent = count + " events; the stream is complete.";
      return count;
    }

    async function run() {
      if (busy) return;
      var checked = check();
      if (!checked.ok) { status.textContent = "Not sent: fix the fields listed above."; return; }
      var url = baseUrl();
      if (!/^https?:\/\//.test(url)) { status.textContent = "Choose a base URL (http:// or https://)."; return; }
      var full = url + path;
      var headers = {};
      if (keyInput.value) headers["Authorization"] = "Bearer " + keyInput.value;
      if (checked.text !== null) headers["Content-Type"] = "application/json";
      lastCurl = curlFor(full, checked.text);
      curlOut.textContent = lastCurl;
      copy.disabled = false;
      response.hidden = false;
      out.textContent = ""; headersOut.textContent = ""; events.textContent = ""; text.textContent = "";
      events.hidden = eventsLabel.hidden = text.hidden = textLabel.hidden = true;
      statusLine.textContent = "Sending…";
      status.textContent = "Sending…";
      busy = new AbortController();
      var started = performance.now();
      try {
        var res = await fetch(full, {
          method: method, headers: headers, body: checked.text, signal: busy.signal, mode: "cors",
          credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
        });
        statusLine.textContent = "HTTP " + res.status + " " + res.statusText + " · " +
          Math.round(performance.now() - started) + " ms";
        var lines = [];
        res.headers.forEach(function (v, k) { lines.push(k + ": " + v); });
        headersOut.textContent = lines.join("\n");
        if ((res.headers.get("content-type") || "").indexOf("text/event-stream") === 0 && res.body) {
          await readStream(res);
        } else {
          var raw = await res.text();
          try { out.textContent = JSON.stringify(JSON.parse(raw), null, 2); } catch (e) { out.textContent = raw; }
        }
        status.textContent = "Done: HTTP " + res.status + ".";
      } catch (e) {
        statusLine.textContent = "No response";
        out.textContent = "The request failed before an answer arrived (" + e.message + "). Is the gateway at " +
          url + " running, and does it allow this origin (CORS)?";
        status.textContent = "Failed.";
      } finally {
        busy = null;
      }
    }

    send.addEventListener("click", run);
    if (body) {
      body.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
      });
    }
    copy.addEventListener("click", function () {
      function done() { status.textContent = "Copied the cURL command."; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(lastCurl).then(done, function () { selectCurl(); });
      } else {
        selectCurl();
      }
    });
    function selectCurl() {
      var range = document.createRange();
      range.selectNodeContents(curlOut);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      status.textContent = "Selected the cURL command: press Ctrl+C to copy.";
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-try-it]"), function (root) {
      if (!root.hasAttribute("data-ready")) { root.setAttribute("data-ready", ""); init(root); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
