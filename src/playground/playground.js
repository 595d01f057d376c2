// The playground page's script (docs/http.md, "The playground"): the
// language menu from GET /languages, the form to POST /run, the result.
// Same origin only; no eval, no innerHTML (the page's
// Content-Security-Policy forbids the first, the second is not needed).
"use strict";

const examples = {
  python: "name = input()\nprint(f\"hello, {name}\")\n",
  javascript: "const fs = require(\"fs\");\n" +
    "console.log(\"hello, \" + fs.readFileSync(0, \"utf8\").trim());\n",
  c: "#include <stdio.h>\n\nint\nmain(void)\n{\n\tchar name[64];\n\n" +
    "\tif (scanf(\"%63s\", name) == 1)\n\t\tprintf(\"hello, %s\\n\", name);\n" +
    "\treturn 0;\n}\n"
};

const $ = (id) => document.getElementById(id);

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("key").value;
  if (key !== "")
    h["X-API-Key"] = key;
  return h;
}

function showStatus(text, good) {
  const s = $("status");
  s.textContent = text;
  s.className = good ? "ok" : "bad";
}

// What runbox refused: its error words and message (docs/protocol.md,
// "Refusals and failures").
function refusal(body, http) {
  if (body !== null && typeof body.error === "string")
    return body.error + ": " + (body.message || "");
  return "HTTP " + http;
}

async function call(method, path, payload) {
  const init = { method: method, headers: headers() };
  if (payload !== undefined)
    init.body = JSON.stringify(payload);
  const r = await fetch(path, init);
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  return { ok: r.ok, http: r.status, body: body };
}

async function loadLanguages() {
  const menu = $("language");
  const was = menu.value;
  let r;
  try {
    r = await call("GET", "/languages");
  } catch (e) {
    showStatus("cannot list the languages: " + e.message, false);
    return;
  }
  if (!r.ok || r.body === null || !Array.isArray(r.body.languages)) {
    showStatus("cannot list the languages: " + refusal(r.body, r.http),
      false);
    return;
  }
  menu.replaceChildren();
  for (const l of r.body.languages) {
    const o = document.createElement("option");
    o.value = l.name;
    o.textContent = l.version ? l.name + " (" + l.version + ")" : l.name;
    menu.append(o);
  }
  if (was !== "" && r.body.languages.some((l) => l.name === was))
    menu.value = was;
  else if (r.body.languages.some((l) => l.name === "python"))
    menu.value = "python";
  showStatus("not run yet", true);
  example();
}

// An example program for the chosen language, while the code box holds
// none or another example.
function example() {
  const code = $("code");
  if (code.value !== "" && !Object.values(examples).includes(code.value))
    return;
  code.value = examples[$("language").value] || "";
}

function figures(res) {
  const f = [];
  if (res.exitCode !== null && res.exitCode !== undefined)
    f.push("exit code " + res.exitCode);
  if (res.signal)
    f.push(res.signal);
  if (typeof res.durationMs === "number")
    f.push(res.durationMs + " ms");
  if (typeof res.cpuTimeMs === "number")
    f.push(res.cpuTimeMs + " ms CPU");
  if (typeof res.memoryPeakKb === "number")
    f.push(res.memoryPeakKb + " KiB peak");
  return f.join(", ");
}

async function run(ev) {
  ev.preventDefault();
  const button = $("run");
  button.disabled = true;
  showStatus("running", true);
  $("figures").textContent = "";
  $("output").textContent = "";
  $("compile").textContent = "";
  $("compile-box").hidden = true;
  try {
    const r = await call("POST", "/run", {
      language: $("language").value,
      code: $("code").value,
      input: $("input").value
    });
    const res = r.body;
    if (!r.ok || res === null || typeof res.status !== "string") {
      showStatus(refusal(res, r.http), false);
      return;
    }
    showStatus(res.status, res.status === "ok");
    $("figures").textContent = figures(res);
    if (res.compile) {
      $("compile-box").hidden = false;
      $("compile").textContent = res.compile.stdout + res.compile.stderr;
    }
    $("output").textContent = res.combined;
  } catch (e) {
    showStatus("the request failed: " + e.message, false);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("form").addEventListener("submit", run);
  $("language").addEventListener("change", example);
  $("key").addEventListener("change", loadLanguages);
  $("code").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey))
      $("form").requestSubmit();
  });
  loadLanguages();
});
