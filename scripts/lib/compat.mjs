// The compatibility diff between two vendor documents, each seen through our overlays: every change
// classified as additive, deprecating or breaking, so versions, changesets and n8n node versions can
// follow it. Pure functions: spec-sync.mjs and vendor-sync.mjs do the I/O.
import { HTTP_METHODS, namespaceFromSlug, operationHighlights, operationParams } from './catalog.mjs';
import { applyOverlay } from './overlay.mjs';

export const LEVELS = ['breaking', 'deprecating', 'additive-behavioural', 'additive', 'text'];

/** The document with every overlay action applied that still selects something; the others are listed. */
export function overlaid(doc, overlays) {
  const out = structuredClone(doc);
  const missed = [];
  for (const { name, overlay } of overlays) {
    for (const action of overlay.actions ?? []) {
      try {
        applyOverlay(out, { ...overlay, actions: [action] }, name);
      } catch {
        missed.push(`${name}: ${action.target}`);
      }
    }
  }
  return { doc: out, missed };
}

/** Every operation by endpoint ("GET /api/…"), with its platform namespace. */
export function operationsOf(doc) {
  const tags = new Map((doc.tags ?? []).map((t) => [t.name, t]));
  const out = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op || op['x-justoneapi']?.exclude) continue;
      const tag = tags.get(op.tags?.[0]);
      const platform = tag?.['x-justoneapi-namespace'] ?? namespaceFromSlug(path.split('/')[2]);
      out.set(`${m.toUpperCase()} ${path}`, {
        op,
        platform,
        params: new Map(operationParams(op).map((p) => [p.name, p])),
      });
    }
  }
  return out;
}

const typeOf = (p) =>
  (Array.isArray(p.schema.type) ? p.schema.type.find((t) => t !== 'null') : p.schema.type) ?? 'string';
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** What changed in one parameter kept under the same name. */
function paramChanges(a, b, add) {
  const name = b.name;
  if (typeOf(a) !== typeOf(b)) add('breaking', 'param-type', `${name}: type ${typeOf(a)} -> ${typeOf(b)}`);
  if (!a.required && b.required) add('breaking', 'param-required', `${name}: now required`);
  if (a.required && !b.required) add('additive', 'param-optional', `${name}: now optional`);
  const ea = a.schema.enum ?? [];
  const eb = b.schema.enum ?? [];
  // A value added to a list and made its default: nothing saved fails, but calls that leave it out send it.
  const newDefault =
    ea.length > 0 && eb.includes(b.schema.default) && !ea.includes(b.schema.default)
      ? b.schema.default
      : undefined;
  const defaults = `default ${JSON.stringify(a.schema.default)} -> ${JSON.stringify(b.schema.default)}`;
  if (newDefault !== undefined)
    add(
      'additive-behavioural',
      'default-new-value',
      `${name}: value ${JSON.stringify(newDefault)} added, ${defaults}`,
    );
  else if (!same(a.schema.default, b.schema.default))
    add('breaking', 'param-default', `${name}: ${defaults}`);
  for (const v of ea)
    if (eb.length && !eb.includes(v))
      add('breaking', 'enum-removed', `${name}: value ${JSON.stringify(v)} removed`);
  for (const v of eb)
    if (!ea.includes(v) && v !== newDefault)
      add(
        ea.length ? 'additive' : 'breaking',
        'enum-added',
        `${name}: value ${JSON.stringify(v)} ${ea.length ? 'added' : '(now an enum)'}`,
      );
  if (ea.length && !eb.length) add('additive', 'enum-open', `${name}: no longer limited to a list`);
  for (const [k, narrower] of [
    ['minimum', (x, y) => y > x],
    ['maximum', (x, y) => y < x],
  ]) {
    const x = a.schema[k];
    const y = b.schema[k];
    if (x === y) continue;
    const tighter = y !== undefined && (x === undefined || narrower(x, y));
    add(tighter ? 'breaking' : 'additive', `param-${k}`, `${name}: ${k} ${x ?? 'none'} -> ${y ?? 'none'}`);
  }
  if (a.in !== b.in)
    add('additive', 'param-moved', `${name}: sent in the ${b.in === 'body' ? 'form body' : 'query'} now`);
  if ((a.source.description ?? '') !== (b.source.description ?? ''))
    add('text', 'param-text', `${name}: description`);
}

/** Parameters removed and added in one change, of one type: a rename. */
function renames(removed, added) {
  if (removed.length !== 1 || added.length !== 1) return undefined;
  return typeOf(removed[0]) === typeOf(added[0]) ? [removed[0], added[0]] : undefined;
}

/**
 * Every change from `prev` to `next` (both merged and overlaid): [{ level, kind, endpoint, platform, detail }],
 * breaking first. Levels: breaking (a saved call could fail or behave differently), deprecating (still
 * works; offered no more), additive-behavioural (new, but calls that leave it out now send it: an
 * optional parameter with a default, a new enum value made the default), additive (new things; nothing saved changes), text (wording only).
 */
export function compatDiff(prev, next) {
  const a = operationsOf(prev);
  const b = operationsOf(next);
  const changes = [];
  const prevPlatforms = new Set([...a.values()].map((o) => o.platform));
  for (const platform of new Set([...b.values()].map((o) => o.platform)))
    if (!prevPlatforms.has(platform))
      changes.push({ level: 'additive', kind: 'platform-added', platform, endpoint: '', detail: platform });
  for (const [endpoint, o] of b) {
    const add = (level, kind, detail) =>
      changes.push({ level, kind, endpoint, platform: o.platform, detail });
    const old = a.get(endpoint);
    if (!old) {
      add('additive', 'operation-added', o.op.summary ?? '');
      continue;
    }
    if (old.platform !== o.platform) add('breaking', 'operation-moved', `${old.platform} -> ${o.platform}`);
    if (o.op.deprecated && !old.op.deprecated) add('deprecating', 'deprecated', 'the vendor deprecates it');
    if (!o.op.deprecated && old.op.deprecated) add('additive', 'undeprecated', 'no longer deprecated');
    if (o.op['x-docs-hidden'] && !old.op['x-docs-hidden'])
      add('deprecating', 'hidden', 'hidden from the vendor docs');
    if (!o.op['x-docs-hidden'] && old.op['x-docs-hidden'])
      add('additive', 'unhidden', 'listed in the vendor docs again');
    const removed = [...old.params.values()].filter((p) => !o.params.has(p.name));
    const added = [...o.params.values()].filter((p) => !old.params.has(p.name));
    const renamed = renames(removed, added);
    if (renamed) add('breaking', 'param-renamed', `${renamed[0].name} -> ${renamed[1].name}`);
    else {
      for (const p of removed) add('breaking', 'param-removed', p.name);
      for (const p of added) {
        // An optional parameter with a default is sent on every call that leaves it out (the core fills
        // defaults in): saved calls change what they send. n8n shows it from a minor version on.
        const [level, kind] = p.required
          ? ['breaking', 'param-added-required']
          : p.schema.default !== undefined
            ? ['additive-behavioural', 'param-added-default']
            : ['additive', 'param-added'];
        add(
          level,
          kind,
          `${p.name}:${typeOf(p)}${kind === 'param-added-default' ? ` = ${JSON.stringify(p.schema.default)}` : ''}`,
        );
      }
    }
    for (const [name, p] of o.params) if (old.params.has(name)) paramChanges(old.params.get(name), p, add);
    const ha = operationHighlights(old.op);
    const hb = operationHighlights(o.op);
    for (const h of hb.filter((h) => h.acknowledge && !ha.some((x) => x.acknowledge === h.acknowledge)))
      add('breaking', 'danger-added', `${h.text} (calls now need acknowledge "${h.acknowledge}")`);
    if (!same(ha, hb)) add('text', 'highlights', `${hb.length} highlight(s)`);
    if (old.op.summary !== o.op.summary || old.op.description !== o.op.description)
      add('text', 'operation-text', 'summary or description');
  }
  for (const [endpoint, o] of a)
    if (!b.has(endpoint))
      changes.push({
        level: 'breaking',
        kind: 'operation-removed',
        endpoint,
        platform: o.platform,
        detail: o.op.summary ?? '',
      });
  return changes.sort(
    (x, y) => LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level) || x.endpoint.localeCompare(y.endpoint),
  );
}

/** The changeset bump the diff calls for: breaking -> major, deprecating or additive (behavioural too) -> minor, text -> patch. */
export function bumpFor(changes) {
  if (changes.some((c) => c.level === 'breaking')) return 'major';
  if (changes.some((c) => c.level !== 'text')) return 'minor';
  return changes.length ? 'patch' : undefined;
}

const LEVEL_WIDTH = Math.max(...LEVELS.map((l) => l.length));
/** The diff as lines for people: "BREAKING  param-removed  GET /api/…  keyword". */
export function formatDiff(changes) {
  if (!changes.length) return 'no operation, parameter or text changed';
  return changes
    .map((c) =>
      `${c.level.toUpperCase().padEnd(LEVEL_WIDTH)} ${c.kind.padEnd(20)} ${c.endpoint || c.platform}  ${c.detail}`.trimEnd(),
    )
    .join('\n');
}
