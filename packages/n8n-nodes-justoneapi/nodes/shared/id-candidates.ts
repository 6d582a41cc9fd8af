// Fields that could serve as the trigger's Item ID Field, read from the sample items of a test run: dot
// paths (two levels deep at most) to a string or number that every item has, all different; names that
// look like an id come first.
const MAX_DEPTH = 2;
const MAX_CANDIDATES = 5;
const ID_LIKE = /(^|[._])(id|[a-z]*_?id|[a-z]*Id)$/;

function scalarPaths(value: unknown, prefix: string, depth: number, out: Map<string, unknown>): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') out.set(path, v);
    else if (depth < MAX_DEPTH) scalarPaths(v, path, depth + 1, out);
  }
}

export function idCandidates(items: readonly unknown[]): string[] {
  const perItem = items.map((item) => {
    const paths = new Map<string, unknown>();
    scalarPaths(item, '', 1, paths);
    return paths;
  });
  if (perItem.length === 0) return [];
  const distinct = [...perItem[0]!.keys()].filter((path) => {
    const values = perItem.map((p) => p.get(path));
    return values.every((v) => v !== undefined) && new Set(values.map(String)).size === values.length;
  });
  // With one item every value is "distinct": only id-like names are worth suggesting then.
  const rank = (p: string) => (/(^|\.)id$/i.test(p) ? 0 : ID_LIKE.test(p) ? 1 : 2) * 10 + p.split('.').length;
  const ranked = distinct
    .filter((p) => perItem.length > 1 || ID_LIKE.test(p))
    .sort((a, b) => rank(a) - rank(b));
  return ranked.slice(0, MAX_CANDIDATES);
}
