// The page of `essayplan serve`: a CodeMirror 6 editor for the map, the plan
// preview beside it, refreshed ~150 ms after typing pauses, diagnostics
// underlined in place (the same text `essayplan check` prints).
// Bundled by esbuild into ../dist/editor.js (see ../build.sh).

import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { idCompletions } from "./complete.js";

const DEBOUNCE_MS = 150;
const $ = (id) => document.getElementById(id);

const state = {
  name: null, // file name in the served folder
  hash: null, // fingerprint of the file as loaded/saved (null: new file)
  saved: "", // the text as last loaded or saved
  choices: null,
  seq: 0, // preview requests sent
  shown: 0, // the newest preview shown
  timer: null,
  typedAt: 0, // when the last edit happened (for the latency shown)
  lastGood: false,
};

// Exposed for the end-to-end test and the curious.
window.essayplan = { latencies: [], serverMicros: [], state };

// ---------- helpers ----------

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  return response;
}

async function json(path, body) {
  const response = await api(path, body);
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, data };
}

function toast(text, kind = "info", ms = 4000) {
  const t = $("toast");
  t.textContent = text;
  t.className = "toast " + kind;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), ms);
}

function errorText(data, fallback) {
  const e = data && data.error;
  if (!e) return fallback;
  return e.hint ? `${e.message} — ${e.hint}` : e.message;
}

function choice() {
  return {
    question: $("question").value || null,
    level: $("level").value,
    mode: $("mode").value,
    preset: $("preset").value || null,
    annotate: $("mode").value === "model" && $("annotate").checked,
  };
}

function option(select, value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  select.append(o);
}

// Line/column (1-based, in characters) → a CodeMirror offset (UTF-16 units).
function offsetOf(doc, line, column, width) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const chars = Array.from(l.text);
  const startChars = Math.min(Math.max(column - 1, 0), chars.length);
  const from = l.from + chars.slice(0, startChars).join("").length;
  const endChars = Math.min(startChars + Math.max(width, 1), chars.length);
  let to = l.from + chars.slice(0, endChars).join("").length;
  if (to <= from) to = Math.min(from + 1, doc.length);
  return { from, to: Math.max(to, from) };
}

// ---------- the editor ----------

const view = new EditorView({
  parent: $("editor"),
  extensions: [
    basicSetup,
    yaml(),
    lintGutter(),
    EditorState.languageData.of(() => [{ autocomplete: idCompletions }]),
    EditorView.lineWrapping,
    keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (save(false), true) }]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) {
        state.typedAt = performance.now();
        markDirty();
        schedule();
      }
    }),
  ],
});
window.essayplan.view = view;

function text() {
  return view.state.doc.toString();
}

function setText(t) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
}

function markDirty() {
  const dirty = text() !== state.saved;
  $("dirty").hidden = !dirty;
  document.title = (dirty ? "● " : "") + (state.name || "essayplan") + " — essayplan";
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, DEBOUNCE_MS);
}

// ---------- preview and diagnostics ----------

async function refresh() {
  const seq = ++state.seq;
  const started = state.typedAt || performance.now();
  const sent = performance.now();
  let result;
  const asked = choice();
  try {
    result = await json("/api/preview", { name: state.name, text: text(), choice: asked });
  } catch (e) {
    $("check-summary").textContent = "The server is not answering: is `essayplan serve` still running?";
    return;
  }
  if (seq < state.shown) return; // a newer answer is already on screen
  state.shown = seq;
  if (!result.ok) {
    toast(errorText(result.data, "The preview failed"), "error");
    return;
  }
  const p = result.data;
  const now = performance.now();
  showDiagnostics(p.check);
  showQuestions(p.check.questions);
  const questionGone =
    asked.question && p.check.questions.length > 0 && !p.check.questions.some((q) => q.id === asked.question);
  if (p.error && questionGone) return refresh(); // the question was renamed: plan the first instead
  showPlan(p);
  const roundTrip = now - sent;
  const sincePause = now - started;
  window.essayplan.latencies.push(roundTrip);
  window.essayplan.serverMicros.push(p.micros);
  $("timing").textContent = `updated in ${Math.round(roundTrip)} ms (render ${(p.micros / 1000).toFixed(1)} ms)`;
  $("timing").dataset.sincePause = String(Math.round(sincePause));
  document.body.dataset.previewSeq = String(seq);
}

function showDiagnostics(check) {
  const doc = view.state.doc;
  const diagnostics = [];
  const list = $("problem-list");
  list.replaceChildren();
  for (const d of check.diagnostics) {
    const located = d.line != null && d.column != null && doc.length > 0;
    const range = located ? offsetOf(doc, d.line, d.column, d.width) : { from: 0, to: Math.min(1, doc.length) };
    diagnostics.push({
      from: range.from,
      to: range.to,
      severity: d.severity === "error" ? "error" : "warning",
      source: d.code,
      message: d.message + (d.hint ? `\nhint: ${d.hint}` : ""),
      renderMessage: () => renderDiag(d),
      actions: quickFixes(d, range, doc),
    });
    const li = document.createElement("li");
    li.className = "problem " + d.severity;
    li.dataset.code = d.code;
    const where = located ? `${d.line}:${d.column}` : "";
    li.innerHTML = "";
    const head = document.createElement("div");
    head.className = "problem-head";
    const sev = document.createElement("span");
    sev.className = "sev";
    sev.textContent = d.severity;
    const loc = document.createElement("span");
    loc.className = "where";
    loc.textContent = where;
    const msg = document.createElement("span");
    msg.className = "msg";
    msg.textContent = d.message;
    head.append(sev, loc, msg);
    li.append(head);
    if (d.hint) {
      const hint = document.createElement("div");
      hint.className = "hint";
      hint.textContent = "hint: " + d.hint;
      li.append(hint);
    }
    li.title = d.text;
    if (located) {
      li.tabIndex = 0;
      const jump = () => {
        view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true });
        view.focus();
      };
      li.addEventListener("click", jump);
      li.addEventListener("keydown", (e) => e.key === "Enter" && jump());
    }
    list.append(li);
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));
  // The list under the editor may have grown: keep the cursor in sight.
  if (view.hasFocus) {
    requestAnimationFrame(() =>
      view.dispatch({ effects: EditorView.scrollIntoView(view.state.selection.main.head, { y: "nearest", yMargin: 24 }) }),
    );
  }
  const s = $("check-summary");
  const plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  if (check.errors > 0) {
    s.textContent = `✗ ${plural(check.errors, "error")}, ${plural(check.warnings, "warning")}: fix the errors to update the plan`;
    s.className = "bad";
  } else if (check.warnings > 0) {
    s.textContent = `✓ the map is valid · ${plural(check.warnings, "warning")} (a weaker plan)`;
    s.className = "warn";
  } else {
    s.textContent = "✓ the map is valid: no problems";
    s.className = "good";
  }
}

// "did you mean `x`?" becomes a button that puts `x` in place of the
// underlined word (only when the underline covers exactly one word).
function quickFixes(d, range, doc) {
  const m = d.hint && /did you mean `([^`]+)`/.exec(d.hint);
  if (!m || d.line == null) return [];
  const wrong = doc.sliceString(range.from, range.to);
  if (!/^[\w-]+$/.test(wrong) || wrong === m[1]) return [];
  return [{
    name: `Change to ${m[1]}`,
    apply: (view, from, to) => view.dispatch({ changes: { from, to, insert: m[1] } }),
  }];
}

function renderDiag(d) {
  const box = document.createElement("div");
  box.className = "diag";
  const m = document.createElement("div");
  m.className = "diag-message";
  m.textContent = d.message;
  box.append(m);
  if (d.label) {
    const l = document.createElement("div");
    l.className = "diag-label";
    l.textContent = d.label;
    box.append(l);
  }
  if (d.note) {
    const n = document.createElement("div");
    n.className = "diag-note";
    n.textContent = "note: " + d.note;
    box.append(n);
  }
  if (d.hint) {
    const h = document.createElement("div");
    h.className = "diag-hint";
    h.textContent = "hint: " + d.hint;
    box.append(h);
  }
  return box;
}

function showQuestions(questions) {
  const select = $("question");
  const current = select.value;
  const same =
    questions.length === select.options.length &&
    questions.every((q, i) => select.options[i].value === q.id && select.options[i].title === q.text);
  if (questions.length === 0 || same) return;
  select.replaceChildren();
  for (const q of questions) {
    const label = q.text.length > 70 ? q.text.slice(0, 67) + "…" : q.text;
    option(select, q.id, label);
    select.options[select.options.length - 1].title = q.text;
  }
  if (questions.some((q) => q.id === current)) select.value = current;
}

function showPlan(p) {
  const preview = $("preview");
  const stale = $("stale");
  if (p.html) {
    preview.innerHTML = p.html; // built by the server from escaped map text
    preview.classList.remove("dim");
    $("judgement").classList.remove("dim");
    stale.hidden = true;
    state.lastGood = true;
    $("judgement").hidden = !p.judgement;
    $("judgement-text").textContent = p.judgement || "";
    return;
  }
  const why = p.error
    ? errorText({ error: p.error }, "")
    : "The map has errors (underlined in the editor).";
  stale.textContent = state.lastGood
    ? `${why} Showing the last plan that worked.`
    : why;
  stale.hidden = false;
  if (state.lastGood) {
    preview.classList.add("dim");
    $("judgement").classList.add("dim");
  } else {
    preview.innerHTML = '<p class="empty">The plan appears here once the map has no errors.</p>';
    $("judgement").hidden = true;
  }
}

// ---------- maps: list, open, new, save ----------

async function loadInfo() {
  const { ok, data } = await json("/api/info");
  if (!ok) throw new Error(errorText(data, "cannot read the folder"));
  state.choices = data.choices;
  $("folder").textContent = "in " + (data.folder.split(/[\\/]/).filter(Boolean).pop() || data.folder) + "/";
  $("folder").title = data.folder;
  for (const l of data.choices.levels) option($("level"), l, l);
  $("level").value = "core";
  for (const m of data.choices.modes) option($("mode"), m, m === "plan" ? "plan (student)" : m === "model" ? "model answer (teacher)" : m === "bank" ? "evidence bank (teacher)" : m);
  for (const [name, label] of data.choices.presets) option($("preset"), name, label);
  $("dl-pdf").hidden = !data.choices.formats.includes("pdf");
  showMapList(data.maps);
  return data;
}

function showMapList(maps) {
  const list = $("map-list");
  list.replaceChildren();
  for (const m of maps) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.name = m.name;
    b.className = "map-item" + (m.name === state.name ? " current" : "") + (m.ok ? "" : " invalid");
    const title = document.createElement("span");
    title.className = "map-title";
    title.textContent = m.title || "(does not load yet)";
    const file = document.createElement("span");
    file.className = "map-file";
    file.textContent = m.name;
    b.append(title, file);
    b.addEventListener("click", () => openMap(m.name));
    li.append(b);
    list.append(li);
  }
}

async function refreshList() {
  const { ok, data } = await json("/api/info");
  if (ok) showMapList(data.maps);
}

function unsaved() {
  return text() !== state.saved;
}

async function openMap(name, force = false) {
  if (!force && unsaved() && !confirm("Your changes to this map are not saved. Discard them?")) return;
  const { ok, data } = await json("/api/map?name=" + encodeURIComponent(name));
  if (!ok) {
    toast(errorText(data, "cannot open " + name), "error");
    return;
  }
  state.name = data.name;
  state.hash = data.hash;
  state.diskSeen = undefined;
  state.saved = data.text;
  state.lastGood = false;
  $("file-name").textContent = data.name;
  $("question").replaceChildren();
  setText(data.text);
  markDirty();
  for (const b of document.querySelectorAll(".map-item")) b.classList.toggle("current", b.dataset.name === name);
  history.replaceState(null, "", "#" + encodeURIComponent(name));
  refresh();
}

async function save(overwrite) {
  if (!state.name) return;
  const body = { name: state.name, text: text(), hash: state.hash, overwrite };
  const r = await json("/api/save", body);
  if (r.ok) {
    state.hash = r.data.hash;
    state.diskSeen = undefined;
    state.saved = body.text;
    markDirty();
    toast(`Saved ${state.name}`, "good", 2500);
    refreshList();
    return;
  }
  if (r.status === 409) {
    $("conflict-title").textContent = state.hash ? "The file changed on disk" : "A file with that name exists";
    $("conflict-text").textContent = errorText(r.data, "");
    $("conflict").returnValue = "";
    $("conflict").showModal();
    return;
  }
  toast(errorText(r.data, "Saving failed"), "error", 8000);
}

$("conflict").addEventListener("close", () => {
  const v = $("conflict").returnValue;
  if (v === "overwrite") save(true);
  else if (v === "reload") openMap(state.name, true);
});

async function newMap() {
  if (unsaved() && !confirm("Your changes to this map are not saved. Discard them?")) return;
  $("new-error").textContent = "";
  $("new-dialog").returnValue = "";
  $("new-dialog").showModal();
}

$("new-dialog").addEventListener("close", async () => {
  if ($("new-dialog").returnValue !== "create") return;
  let name = $("new-name").value.trim();
  if (!/\.ya?ml$/.test(name)) name += ".yaml";
  const { ok, data } = await json("/api/skeleton");
  if (!ok) return toast(errorText(data, "cannot start a new map"), "error");
  state.name = name;
  state.hash = null;
  state.diskSeen = undefined;
  state.saved = "";
  state.lastGood = false;
  $("file-name").textContent = name + " (new)";
  $("question").replaceChildren();
  setText(data.text);
  markDirty();
  for (const b of document.querySelectorAll(".map-item")) b.classList.remove("current");
  refresh();
  toast("A new map from the skeleton: Save writes " + name, "info");
});

// ---------- changes made on disk by another program ----------

const POLL_MS = 1500;

async function watchDisk() {
  if (!state.name || document.hidden) return;
  const name = state.name;
  const r = await json("/api/hash?name=" + encodeURIComponent(name)).catch(() => null);
  if (!r || !r.ok || name !== state.name) return;
  const disk = r.data.hash;
  if (disk === state.hash || disk === state.diskSeen) return;
  if (!unsaved() && disk !== null) {
    await openMap(name, true);
    toast(`${name} changed on disk: reloaded`, "info");
  } else {
    state.diskSeen = disk;
    toast(
      disk === null
        ? `${name} was deleted or moved on disk; Save writes it again`
        : `${name} changed on disk while you were editing: Save will ask whether to reload or overwrite`,
      "error",
      8000,
    );
  }
}
setInterval(watchDisk, POLL_MS);

// ---------- downloads ----------

function filenameOf(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const m = /filename="([^"]+)"/.exec(cd);
  return m ? m[1] : fallback;
}

function deliver(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function download(format) {
  if (format === "pdf") toast("Making the PDF with LibreOffice…", "info", 10000);
  const response = await api("/api/download", { name: state.name, text: text(), choice: choice(), format });
  if (format === "pdf" && response.ok) $("toast").hidden = true;
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    return toast(errorText(data, "The download failed"), "error", 8000);
  }
  deliver(await response.blob(), filenameOf(response, "plan." + format));
}

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function batch(file) {
  const roster = base64(await file.arrayBuffer());
  const response = await api("/api/batch", {
    name: state.name, text: text(), choice: choice(), format: "docx", roster_name: file.name, roster,
  });
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    return toast(errorText(data, "The class set failed"), "error", 10000);
  }
  let report = null;
  try { report = JSON.parse(response.headers.get("X-Batch-Report") || "null"); } catch (_) { /* none */ }
  deliver(await response.blob(), filenameOf(response, "plans.zip"));
  if (report) {
    const extra = report.failures.length ? ` (${report.failures.join("; ")})` : "";
    toast(report.summary + extra, report.failures.length ? "error" : "good", 10000);
  }
}

// ---------- wiring ----------

for (const id of ["question", "level", "mode", "preset", "annotate"]) $(id).addEventListener("change", () => refresh());
$("mode").addEventListener("change", () => ($("annotate-box").hidden = $("mode").value !== "model"));
for (const id of ["dl-docx", "dl-md", "dl-pdf"]) $(id).addEventListener("click", (e) => download(e.currentTarget.dataset.format));
$("save").addEventListener("click", () => save(false));
$("new-map").addEventListener("click", newMap);
$("batch").addEventListener("click", () => $("roster").click());
$("roster").addEventListener("change", (e) => {
  const f = e.target.files[0];
  e.target.value = "";
  if (f) batch(f);
});
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === "s" && !e.defaultPrevented) {
    e.preventDefault();
    save(false);
  }
});
window.addEventListener("focus", () => refreshList());
window.addEventListener("beforeunload", (e) => {
  if (unsaved()) e.preventDefault();
});

(async () => {
  try {
    const info = await loadInfo();
    const fromHash = decodeURIComponent(location.hash.slice(1));
    const first = info.maps.some((m) => m.name === fromHash) ? fromHash : info.initial;
    if (first) await openMap(first, true);
    else newMap();
    document.body.dataset.ready = "1";
  } catch (e) {
    toast(String(e.message || e), "error", 20000);
  }
})();
