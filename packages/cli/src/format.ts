export type OutputFormat = 'table' | 'json' | 'ndjson' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'ndjson', 'csv'];

// Any object with named fields (a record, a list row); read by column name.
type Row = object;
const cell = (row: Row, column: string): unknown => (row as Record<string, unknown>)[column];

/**
 * A text cell that a spreadsheet would run as a formula (= + - @) or that starts with a tab or carriage
 * return gets a leading single quote, as OWASP recommends against CSV injection. Numbers and booleans
 * are written as they are: -5 is data, not a formula.
 */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s =
    typeof v === 'string' ? neutralise(v) : typeof v === 'object' ? neutralise(JSON.stringify(v)) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row (CRLF line ends), formula-like text cells neutralised. */
export function toCsv(rows: readonly Row[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(cell(row, c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The column names of rows that may differ, in order of first appearance. */
export function unionColumns(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}

/** Terminal width of a string: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

function fit(s: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - (displayWidth(s) > width ? 1 : 0))
      return `${out}…${' '.repeat(Math.max(0, width - w - 1))}`;
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(width - w);
}

/** One line of cell text: control characters and runs of whitespace become one space. */
const text = (v: unknown) =>
  (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))
    .replace(/[\s\u0000-\u001f\u007f]+/g, ' ')
    .trim();

/** Header texts shown instead of column names (a table's short headers), by column name. */
export type Headers = Readonly<Record<string, string>>;
const head = (c: string, headers?: Headers) => headers?.[c] ?? c;

function widthsOf(
  rows: readonly Row[],
  columns: readonly string[],
  maxCell: number,
  headers?: Headers,
): number[] {
  return columns.map((c) =>
    Math.min(
      maxCell,
      Math.max(displayWidth(head(c, headers)), ...rows.map((r) => displayWidth(text(cell(r, c))))),
    ),
  );
}

/** A plain aligned table; long cells are cut with "…". */
export function toTable(
  rows: readonly Row[],
  columns: readonly string[],
  maxCell = 32,
  headers?: Headers,
): string {
  const widths = widthsOf(rows, columns, maxCell, headers);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => fit(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[
    line(columns.map((c) => head(c, headers))),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => text(cell(r, c))))),
  ].join('\n')}\n`;
}

/** The leading columns that fit a terminal of `width` characters (at least one). */
export function columnsThatFit(
  rows: readonly Row[],
  columns: readonly string[],
  width: number,
  maxCell = 32,
  headers?: Headers,
): string[] {
  const widths = widthsOf(rows, columns, maxCell, headers);
  const out: string[] = [];
  let used = 0;
  columns.forEach((c, i) => {
    const w = widths[i]! + (out.length ? 2 : 0);
    if (out.length === 0 || used + w <= width) {
      out.push(c);
      used += w;
    }
  });
  return out;
}

/** One record as a two-column "field / value" table, for answers that are a single wide object. */
export function toFieldTable(row: Row, maxValue = 80): string {
  const fields = Object.keys(row).map((k) => ({ field: k, value: text(cell(row, k)) }));
  return toTable(fields, ['field', 'value'], maxValue);
}
