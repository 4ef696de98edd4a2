// Completion of ids where a map names one: interpretation ids after
// `supports:`, `challenges:`, `qualifies:`, `focus:`, `against:`, `rivals:`,
// `from:`, `to:` (flow lists `[a, b]`, block lists `- a`, or a scalar), and
// evidence ids in a nested `evidence:` list. The ids come from the text
// being edited, so completion works even while the map has errors.

const INTERPRETATION_KEYS = new Set(["supports", "challenges", "qualifies", "focus", "against", "rivals", "from", "to"]);

const indentOf = (text) => text.length - text.trimStart().length;

// id → label, for each top-level section that holds items with ids.
function idsBySection(doc) {
  const sections = {};
  let section = null;
  let last = null;
  for (let n = 1; n <= doc.lines; n++) {
    const text = doc.line(n).text;
    const top = /^([A-Za-z_][\w-]*)\s*:/.exec(text);
    if (top) {
      section = top[1];
      last = null;
      continue;
    }
    const id = /^\s*(?:-\s+)?id\s*:\s*["']?([\w-]+)/.exec(text);
    if (id && section) {
      (sections[section] ||= new Map()).set(id[1], "");
      last = { section, id: id[1] };
      continue;
    }
    const label = /^\s*(?:-\s+)?label\s*:\s*(.+)$/.exec(text);
    if (label && last && sections[last.section].get(last.id) === "") {
      sections[last.section].set(last.id, label[1].replace(/^["']|["']$/g, ""));
    }
  }
  return sections;
}

// The key whose value the cursor is in, and how deeply that key is indented.
function keyAt(doc, pos) {
  const line = doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  // `key: [a, b, ` or `key: partial`
  const inline = /^(\s*)(?:-\s+)?([\w-]+)\s*:\s*(?:\[[^\]]*|[\w-]*)$/.exec(before);
  if (inline) return { key: inline[2], indent: inline[1].length };
  // `  - partial` under `key:`
  const item = /^(\s*)-\s+[\w-]*$/.exec(before);
  if (!item) return null;
  const indent = item[1].length;
  for (let n = line.number - 1; n >= 1; n--) {
    const text = doc.line(n).text;
    if (!text.trim() || text.trim().startsWith("#")) continue;
    const i = indentOf(text);
    if (i > indent || (i === indent && text.trimStart().startsWith("-"))) continue;
    const owner = /^(\s*)(?:-\s+)?([\w-]+)\s*:\s*$/.exec(text);
    return owner ? { key: owner[2], indent: owner[1].length } : null;
  }
  return null;
}

export function idCompletions(context) {
  const at = keyAt(context.state.doc, context.pos);
  if (!at) return null;
  const sections = idsBySection(context.state.doc);
  let ids = null;
  if (INTERPRETATION_KEYS.has(at.key)) ids = sections.interpretations;
  else if (at.key === "evidence" && at.indent > 0) ids = sections.evidence;
  if (!ids || ids.size === 0) return null;
  const word = context.matchBefore(/[\w-]*/);
  if (!word || (word.from === word.to && !context.explicit && !/[[,\s]$/.test(context.state.sliceDoc(word.from - 1, word.from)))) {
    return null;
  }
  return {
    from: word.from,
    options: [...ids].map(([id, label]) => ({ label: id, detail: label, type: "variable" })),
    validFor: /^[\w-]*$/,
  };
}
