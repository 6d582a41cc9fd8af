// From the merged OpenAPI document to the catalog: one entry per operation with its SDK name,
// parameters, paging, record shape and texts. Pure functions; generate.mjs does the I/O.

export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Parameter names that usually carry paging state: each operation having one must be paged or say why not. */
export const PAGING_LOOKING =
  /^(page|pageNum|pageNo|currentPage|offset|cursor|lastCursor|maxCursor|minCursor|pcursor|last_buffer|cookies_buffer|start|searchId|search_id|pageToken|paginationToken|nextCursor|next_cursor|max_cursor|min_cursor|sessionId|after|before|continuation|scroll_id)$/;

const camel = (words) =>
  words
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1)))
    .join('');
const words = (segment) => segment.split(/[-_]+/).filter(Boolean);

/** `douyin-xingtu` -> `douyinXingtu`. */
export const namespaceFromSlug = (slug) => camel(words(slug));

/**
 * Method name candidates from the path, shortest first: `/api/douyin/search-video/v4` -> searchVideoV4;
 * deep upstream-style paths (`/api/douyin-xingtu/gw/api/aggregator/get_author_tags/v1`) start from the
 * last segment and take more segments only when a shorter name is already taken.
 */
export function methodCandidates(path, slug) {
  const segs = path.split('/').slice(3);
  const version = /^v\d+$/i.test(segs.at(-1) ?? '') ? segs.pop() : undefined;
  const v = version ? [version.toUpperCase()] : [];
  if (segs.length === 0) return [camel([...words(slug), ...v])];
  const all = segs.flatMap(words);
  if (segs.length <= 2) return [camel([...all, ...v])];
  const out = [];
  for (let n = 1; n <= segs.length; n++) out.push(camel([...segs.slice(-n).flatMap(words), ...v]));
  return out;
}

/** Enum labels the vendor writes in descriptions: "Available Values:\n- `_0`: General\n- `_1`: Most liked". */
export function labelsFromDescription(description = '') {
  const labels = {};
  for (const m of description.matchAll(/^\s*[-*]\s*`([^`]+)`\s*[:：]\s*(.+?)\s*$/gm)) labels[m[1]] = m[2];
  return labels;
}

/** The description without its "Available Values" list (the labels carry it). */
export function plainDescription(description = '') {
  return description.replace(/\n*\s*(Available Values|可用值)\s*[:：][\s\S]*$/i, '').trim();
}

const TYPES = { integer: 'integer', number: 'number', boolean: 'boolean', string: 'string' };

/** Every non-token parameter of an operation, from its query parameters and its form body. */
export function operationParams(op) {
  const out = [];
  for (const p of op.parameters ?? []) {
    if (p.name === 'token') continue;
    if (p.in !== 'query')
      throw new Error(`parameter ${p.name} is in ${p.in}: only query and form body are supported`);
    out.push({ source: p, name: p.name, in: 'query', schema: p.schema ?? {}, required: Boolean(p.required) });
  }
  const form = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  if (op.requestBody && !form)
    throw new Error('request bodies other than application/x-www-form-urlencoded are not supported');
  for (const [name, schema] of Object.entries(form?.properties ?? {})) {
    if (name === 'token') continue;
    out.push({ source: schema, name, in: 'body', schema, required: (form.required ?? []).includes(name) });
  }
  return out;
}

/** Where the vendor puts the token for this operation. */
export function tokenPlace(op) {
  const form = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  return form?.properties?.token ? 'body' : 'query';
}

export function paramType(schema, where) {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const t = TYPES[type ?? 'string'];
  if (!t) throw new Error(`${where}: unsupported parameter type ${JSON.stringify(schema.type)}`);
  return t;
}

/** The vendor's own words for an operation, which the paging overlay must quote or mark assumed. */
export function vendorText(op) {
  const parts = [op.summary, op.description];
  for (const p of operationParams(op)) parts.push(p.name, p.source.description, p.schema.description);
  const examples = op.responses?.['200']?.content?.['application/json']?.examples;
  if (examples) parts.push(JSON.stringify(examples));
  return parts.filter(Boolean).join('\n');
}

const HIGHLIGHT_TYPES = ['danger', 'warning', 'info', 'tip'];

/**
 * The vendor's `x-highlights` of an operation, in its order: type, text, title and, for 'danger', the name
 * that acknowledges it (its concept in kebab case: "direct-api-call"). An unknown type is shown as a warning.
 */
export function operationHighlights(op) {
  return (op['x-highlights'] ?? []).map((h, i) => {
    const type = HIGHLIGHT_TYPES.includes(h.type) ? h.type : 'warning';
    const out = { type, text: String(h.content ?? '').trim() };
    if (h.title) out.title = h.title;
    if (type === 'danger')
      out.acknowledge = String(h.concept ?? `danger-${i + 1}`)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    return out;
  });
}

/** One highlight as a line of text: "Danger: … (acknowledge "direct-api-call" to call it)". */
export const highlightLine = (h) =>
  `${h.type[0].toUpperCase()}${h.type.slice(1)}${h.title ? ` (${h.title})` : ''}: ${h.text}${h.acknowledge ? ` Refused until acknowledged: "${h.acknowledge}".` : ''}`;
