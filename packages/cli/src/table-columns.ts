// The terminal table of compact rows: the columns a person reads first, short headers, short dates.
// Display only: CSV and JSON keep every column under its full name.

interface Column {
  name: string;
  kind: string;
}

/** One id, one text, one author, one date, three counts and one URL first; then the rest in order. */
const FIRST: ReadonlyArray<readonly [string, number]> = [
  ['id', 1],
  ['text', 1],
  ['author', 1],
  ['date', 1],
  ['count', 3],
  ['url', 1],
];

/** The widest a compact table's cell gets: a Douyin search's id, text, author, date and 3 counts fit 120. */
export const TABLE_CELL = 30;

export function tableOrder(columns: readonly Column[]): string[] {
  const first = FIRST.flatMap(([kind, n]) =>
    columns
      .filter((c) => c.kind === kind)
      .slice(0, n)
      .map((c) => c.name),
  );
  return [...first, ...columns.map((c) => c.name).filter((n) => !first.includes(n))];
}

/** "statistics.digg_count" shows as "digg_count" where no other column ends the same way. */
export function shortHeaders(names: readonly string[]): Record<string, string> {
  const leaf = (n: string) => n.slice(n.lastIndexOf('.') + 1);
  const count = new Map<string, number>();
  for (const n of names) count.set(leaf(n), (count.get(leaf(n)) ?? 0) + 1);
  return Object.fromEntries(names.map((n) => [n, count.get(leaf(n)) === 1 ? leaf(n) : n]));
}

/** An ISO date cell as "2026-04-22 15:13" (UTC), for the table's date columns. */
export function shortDates<R extends Record<string, unknown>>(
  rows: readonly R[],
  dates: readonly string[],
): R[] {
  const iso = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(\.\d+)?Z$/;
  return rows.map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const d of dates) {
      const m = typeof r[d] === 'string' ? iso.exec(r[d] as string) : null;
      if (m) out[d] = `${m[1]} ${m[2]}`;
    }
    return out as R;
  });
}
