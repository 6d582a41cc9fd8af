import {
  type DocumentedOperation,
  documentedOperations,
  documentedPlatforms,
  highlightsOf,
  type PlatformDocs,
} from '@justoneapi/sdk/core';

/** One search hit: what an agent needs to pick an operation. */
export interface Hit {
  id: string;
  summary: string;
  paged: boolean;
  deprecated?: true;
  /** The vendor's danger and warning notes, verbatim. */
  warnings?: string[];
}

const CJK = /[\u3400-\u9fff]+/g;
const STOP = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'by',
  'and',
  'or',
  'to',
  'in',
  'on',
  'with',
  'api',
  'get',
]);

interface Entry {
  op: DocumentedOperation;
  platform: PlatformDocs | undefined;
  /** Lower-case words of the id, summary and aliases (strong) and of the description (weak). */
  strong: string[];
  weak: Set<string>;
  /** Chinese texts: summary, aliases, the vendor notes' aliases. */
  zh: string;
}

const words = (s: string) =>
  s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w));

let index: Entry[] | undefined;
function entries(): Entry[] {
  index ??= documentedOperations
    .filter((op) => !op.hidden)
    .map((op) => {
      const platform = documentedPlatforms.find((p) => p.id === op.namespace);
      const aliases = [...(op.searchAliases ?? []), ...highlightsOf(op.id).flatMap((h) => h.aliases ?? [])];
      return {
        op,
        platform,
        strong: words([op.method, op.summary.en, ...aliases].join(' ')),
        weak: new Set(words(op.description.en)),
        zh: [op.summary.zh, ...aliases].join(' '),
      };
    });
  return index;
}

/** Platforms named in the query (English or Chinese names and aliases), and the query without them. */
function platformsIn(query: string): { ids: Set<string>; rest: string } {
  const ids = new Set<string>();
  let rest = query.toLowerCase();
  const names = documentedPlatforms
    .flatMap((p) => [p.id, ...p.aliases].map((a) => ({ id: p.id, a: a.toLowerCase() })))
    .sort((x, y) => y.a.length - x.a.length);
  for (const { id, a } of names) {
    const latin = !/[\u3400-\u9fff]/.test(a);
    const re = latin
      ? new RegExp(`(^|[^a-z0-9])${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`)
      : undefined;
    if (latin ? re!.test(rest) : rest.includes(a)) {
      ids.add(id);
      rest = latin ? rest.replace(re!, ' ') : rest.split(a).join(' ');
    }
  }
  return { ids, rest };
}

function score(e: Entry, terms: string[], bigrams: string[]): number {
  let s = 0;
  for (const t of terms) {
    if (e.strong.includes(t)) s += 2;
    else if (e.strong.some((w) => w.startsWith(t) || t.startsWith(w))) s += 1;
    else if (e.weak.has(t)) s += 0.5;
  }
  for (const b of bigrams) if (e.zh.includes(b)) s += 1;
  return s;
}

/**
 * The catalog's operations that best match a query in English or Chinese: platform names narrow the
 * field, then words (id, summary, the vendor's search aliases, description) and Chinese bigrams rank it.
 */
export function searchOperations(query: string, limit = 8): Hit[] {
  const { ids, rest } = platformsIn(query.trim());
  const terms = words(rest.replace(CJK, ' '));
  const bigrams = (rest.match(CJK) ?? []).flatMap((run) =>
    run.length < 2 ? [run] : Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2)),
  );
  const ranked = entries()
    .filter((e) => ids.size === 0 || ids.has(e.op.namespace))
    .map((e) => {
      // A deprecated operation ranks below its successors; a newer version above an older one.
      const version = Number(/V(\d+)$/.exec(e.op.method)?.[1] ?? 0);
      const s = score(e, terms, bigrams) - (e.op.deprecated ? 1 : 0) + version * 0.01;
      return { e, s };
    })
    .filter(({ s }) => s > 0.1 || (ids.size > 0 && terms.length + bigrams.length === 0))
    .sort((a, b) => b.s - a.s);
  return ranked.slice(0, limit).map(({ e }) => hit(e.op));
}

function hit(op: DocumentedOperation): Hit {
  const warnings = highlightsOf(op.id)
    .filter((h) => h.type === 'danger' || h.type === 'warning')
    .map((h) => `${h.type}: ${h.content}`);
  const zh = op.summary.zh !== op.summary.en ? ` / ${op.summary.zh}` : '';
  return {
    id: op.id,
    summary: `${op.summary.en}${zh}`,
    paged: Boolean(op.pagination),
    ...(op.deprecated ? { deprecated: true as const } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}
