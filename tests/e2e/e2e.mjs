// End-to-end test of `essayplan serve` in a real browser (Debian's Chromium
// driven by playwright-core). Starts the server on a copy of arguments/,
// edits a map like a teacher would, and checks what the page shows and what
// lands on disk. Prints "N passed, N failed"; exits non-zero on any failure.
//
//   node e2e.mjs [--binary target/release/essayplan] [--out target/e2e] [--docs-screenshot docs/serve.png]

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const binary = path.resolve(root, arg("--binary", "target/release/essayplan"));
const out = path.resolve(root, arg("--out", "target/e2e"));
const docsShot = arg("--docs-screenshot", null);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

fs.mkdirSync(out, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), "essayplan-e2e-"));
const maps = path.join(work, "arguments");
fs.mkdirSync(maps);
for (const f of fs.readdirSync(path.join(root, "arguments"))) {
  if (/\.(ya?ml|json)$/.test(f)) fs.copyFileSync(path.join(root, "arguments", f), path.join(maps, f));
}
const MAP = "ww1-germany.yaml";
const mapPath = path.join(maps, MAP);

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${(e && e.message) || e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startServer(port) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["serve", maps, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let seen = "";
    const timer = setTimeout(() => reject(new Error("the server printed no address within 10 s: " + seen)), 10000);
    child.stdout.on("data", (d) => {
      seen += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr.on("data", (d) => process.stderr.write("[serve] " + d));
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}: ${seen}`)));
  });
}

function rawGet(port, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/api/info", headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

let server;
let browser;
try {
  const port = await freePort();
  server = await startServer(port);
  console.log(`server: ${server.url} serving ${maps}`);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  // A fresh profile for every run (playwright-core makes a new temporary user-data-dir).
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 940 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // The 409 of the conflict step is expected; any other console error is not.
  page.on("console", (m) => m.type() === "error" && !/status of 409/.test(m.text()) && pageErrors.push(m.text()));
  page.on("dialog", (d) => d.accept());

  // Where the editor's text stands, and edits through real key presses.
  const docText = () => page.evaluate(() => window.essayplan.view.state.doc.toString());
  const placeCursor = (offset) =>
    page.evaluate((o) => {
      const v = window.essayplan.view;
      v.focus();
      v.dispatch({ selection: { anchor: o }, scrollIntoView: true });
    }, offset);
  const previewSeq = () => page.evaluate(() => Number(document.body.dataset.previewSeq || 0));
  const waitForPreviewAfter = (seq) =>
    page.waitForFunction((s) => Number(document.body.dataset.previewSeq || 0) > s, seq, { timeout: 5000 });

  await step("the page opens with the folder's maps and a plan", async () => {
    await page.goto(server.url + "#" + MAP);
    await page.waitForSelector("body[data-ready='1']", { timeout: 10000 });
    await page.waitForSelector("#preview h1", { timeout: 5000 });
    const items = await page.locator(".map-item").count();
    const onDisk = fs.readdirSync(maps).filter((f) => /\.ya?ml$/.test(f)).length;
    assert(items === onDisk, `expected ${onDisk} maps in the list, saw ${items}`);
    assert((await page.textContent("#file-name")) === MAP, "the chosen map is open");
    assert(await page.isVisible("#judgement"), "the judgement is shown");
    assert((await page.locator(".cm-lineNumbers .cm-gutterElement").count()) > 10, "line numbers are shown");
  });

  let typoLine = 0;
  let typoColumn = 0;
  let typoOffset = 0;
  await step("a typo in a supports: list is underlined at its place with a did-you-mean", async () => {
    const text = await docText();
    const needle = "supports: [germany]";
    const at = text.indexOf(needle);
    assert(at >= 0, "the map has `supports: [germany]`");
    typoOffset = at + "supports: [germ".length;
    const before = text.slice(0, at + "supports: [".length);
    typoLine = before.split("\n").length;
    typoColumn = Array.from(before.slice(before.lastIndexOf("\n") + 1)).length + 1;
    const seq = await previewSeq();
    await placeCursor(typoOffset);
    await page.keyboard.press("Delete"); // germany → germny
    await waitForPreviewAfter(seq);
    await page.waitForSelector(".cm-lintRange-error", { timeout: 3000 });
    const problem = page.locator("#problem-list .problem.error").first();
    const where = await problem.locator(".where").textContent();
    assert(where === `${typoLine}:${typoColumn}`, `located at ${typoLine}:${typoColumn}, shown at ${where}`);
    const hint = await problem.locator(".hint").textContent();
    assert(/did you mean `germany`/.test(hint), `the hint suggests germany: ${hint}`);
    assert(await page.isVisible("#stale"), "the preview says the map has errors");
    // Hovering the underline shows the message and the hint.
    await page.locator(".cm-lintRange-error").first().hover();
    const tip = page.locator(".cm-tooltip-lint, .cm-tooltip-hover").first();
    await tip.waitFor({ timeout: 3000 });
    const tipText = await tip.textContent();
    assert(/germny/.test(tipText) && /did you mean `germany`/.test(tipText), `the tooltip: ${tipText}`);
    await page.screenshot({ path: path.join(out, "serve-diagnostic.png") });
  });

  await step("fixing the typo brings back the plan and its judgement", async () => {
    const seq = await previewSeq();
    await placeCursor(typoOffset);
    await page.keyboard.type("a");
    await waitForPreviewAfter(seq);
    await page.waitForSelector(".cm-lintRange-error", { state: "detached", timeout: 3000 });
    assert(!(await page.isVisible("#stale")), "no stale banner");
    const judgement = (await page.textContent("#judgement-text")).trim();
    assert(judgement.length > 20, `a judgement: ${judgement}`);
    assert(/Germany/i.test(judgement), `the judgement is about Germany: ${judgement}`);
    assert(/^To (a large|some|a limited) extent\. /.test(judgement), `the judgement states its extent: ${judgement}`);
    assert((await docText()) === fs.readFileSync(mapPath, "utf8"), "the text is back to the file's");
  });

  await step("the did-you-mean is a one-click fix on the underline", async () => {
    const seq = await previewSeq();
    await placeCursor(typoOffset);
    await page.keyboard.press("Delete");
    await waitForPreviewAfter(seq);
    await page.locator(".cm-lintRange-error").first().hover();
    const fix = page.locator(".cm-diagnosticAction", { hasText: "Change to germany" }).first();
    await fix.waitFor({ timeout: 3000 });
    await fix.click();
    await page.waitForSelector(".cm-lintRange-error", { state: "detached", timeout: 3000 });
    assert((await docText()) === fs.readFileSync(mapPath, "utf8"), "the fix restores the id");
  });

  await step("interpretation ids complete inside a supports: list", async () => {
    const text = await docText();
    const at = text.indexOf("supports: [germany]") + "supports: [germany".length;
    try {
      await placeCursor(at);
      await page.keyboard.type(", aus");
      const option = page.locator(".cm-tooltip-autocomplete li", { hasText: "austria-hungary" }).first();
      await option.waitFor({ timeout: 3000 });
      // CodeMirror ignores Enter for 75 ms after the list appears (interactionDelay).
      await page.waitForTimeout(150);
      await page.keyboard.press("Enter");
      const after = await docText();
      assert(after.includes("supports: [germany, austria-hungary]"), "the id was completed");
    } finally {
      // Back to the file's text, whatever happened.
      await page.evaluate((t) => {
        const v = window.essayplan.view;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
      }, text);
      await page.waitForSelector("#dirty", { state: "hidden", timeout: 3000 });
    }
  });

  let latencies = [];
  await step("the preview follows typing within 200 ms of a pause", async () => {
    // Type a comment at the end, a character at a time, pausing after each burst.
    const end = (await docText()).length;
    await placeCursor(end);
    await page.keyboard.press("Enter");
    for (let i = 0; i < 12; i++) {
      const seq = await previewSeq();
      await page.keyboard.type(i === 0 ? "# n" : "o", { delay: 20 });
      await waitForPreviewAfter(seq);
      const sincePause = Number(await page.getAttribute("#timing", "data-since-pause"));
      latencies.push(sincePause);
    }
    const m = median(latencies);
    const server = await page.evaluate(() => window.essayplan.serverMicros.slice(-12));
    const roundTrips = await page.evaluate(() => window.essayplan.latencies.slice(-12));
    console.log(
      `     latency from the last key to the new preview: median ${m} ms, max ${Math.max(...latencies)} ms ` +
      `(debounce 150 ms; round trip median ${median(roundTrips).toFixed(1)} ms; server render median ${(median(server) / 1000).toFixed(2)} ms)`,
    );
    fs.writeFileSync(path.join(out, "latency.json"), JSON.stringify({ sincePause: latencies, roundTrips, serverMicros: server }, null, 1));
    assert(m <= 200, `median ${m} ms`);
    // Undo the comment (back to the file's text).
    const text = await docText();
    await page.evaluate((t) => {
      const v = window.essayplan.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    }, text.slice(0, text.lastIndexOf("\n")));
  });

  await step("the judgement line and the interpretation map are drawn in the preview", async () => {
    const line = page.locator("#preview figure.judgement-line svg");
    const map = page.locator("#preview figure.interpretation-map svg");
    assert((await line.count()) === 1 && (await map.count()) === 1, "one of each picture");
    const lineBox = await line.boundingBox();
    const firstHeading = await page.locator("#preview h2").first().boundingBox();
    assert(lineBox && firstHeading && lineBox.y < firstHeading.y, "the line stands above the plan");
    assert(lineBox.width > 200 && lineBox.height > 40, `the line is visible: ${JSON.stringify(lineBox)}`);
    const mapBox = await map.boundingBox();
    assert(mapBox && mapBox.width > 200 && mapBox.height > 100, `the map is visible: ${JSON.stringify(mapBox)}`);
    const pane = await page.locator("#preview").boundingBox();
    assert(mapBox.width <= pane.width + 1, "the map fits the pane");
    assert((await page.locator("#preview pre code.language-mermaid").count()) === 0, "no Mermaid source shown");
    console.log(`     pictures: line ${Math.round(lineBox.width)}×${Math.round(lineBox.height)} at y ${Math.round(lineBox.y)}, ` +
      `map ${Math.round(mapBox.width)}×${Math.round(mapBox.height)} at y ${Math.round(mapBox.y)}`);
    const labels = await map.locator("text").allTextContents();
    assert(labels.some((t) => /German/i.test(t)), `the map names the interpretations: ${labels.slice(0, 6).join(" | ")}`);
  });

  await step("the mode selector offers the evidence bank", async () => {
    const modes = await page.locator("#mode option").evaluateAll((os) => os.map((o) => o.value));
    assert(modes.join(",") === "plan,model,bank", `modes: ${modes}`);
    let seq = await previewSeq();
    await page.selectOption("#mode", "bank");
    await waitForPreviewAfter(seq);
    assert((await page.locator("#preview figure.interpretation-map svg").count()) === 1, "the bank shows the map");
    seq = await previewSeq();
    await page.selectOption("#mode", "model");
    await waitForPreviewAfter(seq);
    assert((await page.locator("#preview svg").count()) === 0, "a model answer has no pictures");
    const judgement = (await page.textContent("#judgement-text")).trim();
    assert(/^To (a large|some|a limited) extent: /.test(judgement), `the model answer's judgement: ${judgement}`);
    seq = await previewSeq();
    await page.selectOption("#mode", "plan");
    await waitForPreviewAfter(seq);
  });

  await step("switching the level changes the plan", async () => {
    const core = await page.innerHTML("#preview");
    const seq = await previewSeq();
    await page.selectOption("#level", "support");
    await waitForPreviewAfter(seq);
    const support = await page.innerHTML("#preview");
    assert(support !== core, "the support plan differs from the core plan");
    assert(support.length > core.length, "the support plan has more scaffolding");
  });

  await step("the DOCX downloads and opens in python-docx", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl-docx")]);
    const name = download.suggestedFilename();
    assert(/^ww1-germany-.*support\.docx$/.test(name), `file name ${name}`);
    const file = path.join(out, name);
    await download.saveAs(file);
    const report = execFileSync("python3", ["-c",
      "import sys, docx; d = docx.Document(sys.argv[1]); p = [x for x in d.paragraphs if x.text.strip()]; " +
      "assert len(p) > 10, len(p); print(len(p), 'paragraphs;', p[0].text)", file]).toString().trim();
    console.log("     python-docx: " + report);
  });

  await step("the PDF downloads when LibreOffice is installed", async () => {
    const offered = await page.isVisible("#dl-pdf");
    const soffice = (process.env.PATH || "").split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, "soffice")));
    assert(offered === soffice, `PDF offered: ${offered}, soffice on the PATH: ${soffice}`);
    if (!offered) {
      console.log("     (no soffice: the PDF button is hidden)");
      return;
    }
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60000 }), page.click("#dl-pdf")]);
    const name = download.suggestedFilename();
    assert(/^ww1-germany-.*support\.pdf$/.test(name), `file name ${name}`);
    const file = path.join(out, name);
    await download.saveAs(file);
    const head = fs.readFileSync(file).subarray(0, 5).toString("latin1");
    assert(head === "%PDF-", `a PDF: ${head}`);
    console.log(`     PDF: ${fs.statSync(file).size} bytes`);
  });

  await step("a class set from an uploaded roster downloads as a zip", async () => {
    const roster = "name,question,level\nAda Lovelace,,support\nAlan Turing,,stretch\n";
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.setInputFiles("#roster", { name: "class.csv", mimeType: "text/csv", buffer: Buffer.from(roster) }),
    ]);
    const file = path.join(out, download.suggestedFilename());
    await download.saveAs(file);
    const names = execFileSync("python3", ["-c",
      "import sys, zipfile; print(' '.join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))", file]).toString().trim();
    assert(names === "Ada-Lovelace.docx Alan-Turing.docx manifest.csv" || /manifest\.csv/.test(names) && names.split(" ").length === 3, `zip holds ${names}`);
  });

  await step("Save writes the map to disk", async () => {
    const end = (await docText()).length;
    await placeCursor(end);
    await page.keyboard.type("\n# checked in the browser\n");
    assert(await page.isVisible("#dirty"), "unsaved changes are flagged");
    await page.click("#save");
    await page.waitForSelector("#dirty", { state: "hidden", timeout: 3000 });
    const disk = fs.readFileSync(mapPath, "utf8");
    assert(disk.endsWith("# checked in the browser\n"), "the file on disk has the edit");
    assert(disk === (await docText()), "disk and editor agree");
  });

  await step("a change on disk is reloaded when there are no unsaved edits", async () => {
    fs.appendFileSync(mapPath, "# changed in another editor\n");
    await page.waitForFunction(
      () => window.essayplan.view.state.doc.toString().endsWith("# changed in another editor\n"), null, { timeout: 5000 });
    assert(!(await page.isVisible("#dirty")), "no unsaved changes after the reload");
  });

  await step("Save refuses when the file changed on disk, and Reload fetches it", async () => {
    // Edit first, so the page has unsaved changes when the disk changes.
    await placeCursor((await docText()).length);
    await page.keyboard.type("# mine\n");
    fs.appendFileSync(mapPath, "# changed by someone else\n");
    await page.click("#save");
    await page.waitForSelector("#conflict[open]", { timeout: 3000 });
    assert(/changed on disk/.test(await page.textContent("#conflict-text")), "the dialog says why");
    assert(fs.readFileSync(mapPath, "utf8").endsWith("# changed by someone else\n"), "nothing overwritten");
    await page.click("#conflict-reload");
    await page.waitForFunction(() => window.essayplan.view.state.doc.toString().endsWith("# changed by someone else\n"), null, { timeout: 3000 });
  });

  await step("New map starts from the skeleton and Save creates the file", async () => {
    await page.click("#new-map");
    await page.waitForSelector("#new-dialog[open]", { timeout: 3000 });
    await page.fill("#new-name", "new-topic");
    await page.click("#new-create");
    await page.waitForFunction(() => window.essayplan.state.name === "new-topic.yaml", null, { timeout: 3000 });
    await page.waitForSelector("#preview h1", { timeout: 3000 });
    assert(/the map is valid/.test(await page.textContent("#check-summary")), "the skeleton passes the check");
    await page.click("#save");
    await page.waitForSelector("#dirty", { state: "hidden", timeout: 3000 });
    const created = path.join(maps, "new-topic.yaml");
    assert(fs.existsSync(created), "new-topic.yaml was written");
    assert(fs.readFileSync(created, "utf8") === (await docText()), "with the editor's text");
    await page.waitForSelector(".map-item[data-name='new-topic.yaml']", { timeout: 3000 });
    await page.click(`.map-item[data-name='${MAP}']`);
    await page.waitForFunction((m) => window.essayplan.state.name === m, MAP, { timeout: 3000 });
  });

  await step("a foreign Host or Origin is refused", async () => {
    assert((await rawGet(port, { Host: "evil.example:" + port })) === 403, "Host evil.example → 403");
    assert((await rawGet(port, { Host: `127.0.0.1:${port}`, Origin: "http://evil.example" })) === 403, "Origin evil → 403");
    assert((await rawGet(port, { Host: `127.0.0.1:${port}` })) === 200, "our own Host → 200");
  });

  await step("the page logged no errors", async () => {
    assert(pageErrors.length === 0, pageErrors.join(" | "));
  });

  // The picture for the README: the shipped maps, a valid map, level core,
  // the plan beside it with its judgement line.
  fs.rmSync(path.join(maps, "new-topic.yaml"), { force: true });
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await page.waitForSelector(".map-item[data-name='new-topic.yaml']", { state: "detached", timeout: 3000 }).catch(() => {});
  await page.selectOption("#level", "core");
  await page.evaluate(() => {
    const v = window.essayplan.view;
    v.dispatch({ selection: { anchor: 0 }, scrollIntoView: true });
  });
  await page.waitForTimeout(400);
  await page.evaluate(() => (document.getElementById("toast").hidden = true));
  await page.screenshot({ path: path.join(out, "serve.png") });
  // The interpretation map further down the plan (a CI artefact).
  await page.locator("#preview figure.interpretation-map").evaluate((f) => f.scrollIntoView({ block: "end" }));
  await page.screenshot({ path: path.join(out, "serve-map.png") });
  await page.locator("#preview").evaluate((p) => p.closest(".plan").scrollTo(0, 0));
  if (docsShot) fs.copyFileSync(path.join(out, "serve.png"), path.resolve(root, docsShot));
  console.log(`screenshots: ${out}/serve.png, ${out}/serve-map.png, ${out}/serve-diagnostic.png`);
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${(e && e.stack) || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.child.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
