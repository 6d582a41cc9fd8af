// OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0): apply `actions` to a document.
// JSONPath targets are limited to what our overlays need, and anything else is an error, not a guess:
//   $  .name  ['name'] ["name"]  [*]  [?(@.key=='value')]  [n]
// `update` merges into each selected node: objects recursively, a selected array gets the value
// appended, and any other value (arrays nested inside `update` included) replaces the old one.
// `remove: true` deletes each selected node from its parent.

function tokenize(path) {
  if (!path.startsWith('$')) throw new Error(`JSONPath must start with $: ${path}`);
  const tokens = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m;
    if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) tokens.push({ key: m[1] });
    else if ((m = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest))) tokens.push({ key: m[1].replace(/\\(.)/g, '$1') });
    else if ((m = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest))) tokens.push({ key: m[1].replace(/\\(.)/g, '$1') });
    else if ((m = /^\[\*\]/.exec(rest)) || (m = /^\.\*/.exec(rest))) tokens.push({ all: true });
    else if ((m = /^\[(\d+)\]/.exec(rest))) tokens.push({ key: Number(m[1]) });
    else if (
      (m =
        /^\[\?\(@\.([A-Za-z_$][\w$-]*)\s*==\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?|true|false))\)\]/.exec(
          rest,
        ))
    ) {
      const literal = m[2] ?? m[3] ?? JSON.parse(m[4]);
      tokens.push({ filter: m[1], equals: literal });
    } else throw new Error(`Unsupported JSONPath at "${rest}" in ${path}`);
    i += m[0].length;
  }
  return tokens;
}

/** Every node a path selects, as { parent, key, value } (the root has no parent). */
export function select(doc, path) {
  let nodes = [{ parent: undefined, key: undefined, value: doc }];
  for (const t of tokenize(path)) {
    const next = [];
    for (const { value } of nodes) {
      if (value === null || typeof value !== 'object') continue;
      if (t.all || t.filter) {
        const entries = Array.isArray(value) ? value.map((v, k) => [k, v]) : Object.entries(value);
        for (const [k, v] of entries) {
          if (t.filter && !(v && typeof v === 'object' && v[t.filter] === t.equals)) continue;
          next.push({ parent: value, key: k, value: v });
        }
      } else if (Object.hasOwn(value, t.key)) {
        next.push({ parent: value, key: t.key, value: value[t.key] });
      }
    }
    nodes = next;
  }
  return nodes;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function merge(target, update) {
  for (const [k, v] of Object.entries(update)) {
    if (isObject(v) && isObject(target[k])) merge(target[k], v);
    else target[k] = structuredClone(v);
  }
}

/** Applies an overlay to `doc` in place. Every target must select something: a stale overlay is an error. */
export function applyOverlay(doc, overlay, name = 'overlay') {
  if (typeof overlay.overlay !== 'string' || !overlay.overlay.startsWith('1.')) {
    throw new Error(`${name}: not an Overlay 1.x document (missing "overlay": "1.0.0")`);
  }
  for (const [n, action] of (overlay.actions ?? []).entries()) {
    const where = `${name} action ${n} (${action.target})`;
    const nodes = select(doc, action.target);
    if (nodes.length === 0) throw new Error(`${where}: the target selects nothing in the specs`);
    for (const node of nodes) {
      if (action.remove) {
        if (Array.isArray(node.parent)) node.parent.splice(node.key, 1);
        else if (node.parent) delete node.parent[node.key];
      } else if (action.update !== undefined) {
        if (Array.isArray(node.value)) node.value.push(structuredClone(action.update));
        else if (isObject(node.value) && isObject(action.update)) merge(node.value, action.update);
        else throw new Error(`${where}: cannot merge an update into a ${typeof node.value}`);
      }
    }
  }
  return doc;
}
