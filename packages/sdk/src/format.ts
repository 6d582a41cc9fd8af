import type { FlatRecord } from './core/records.js';

export type OutputFormat = 'table' | 'json' | 'ndjson' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'ndjson', 'csv'];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
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

/** A plain aligned table; long cells are cut with "…". */
export function toTable(rows: readonly FlatRecord[], columns: readonly string[], maxCell = 32): string {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v)).replace(/\s+/g, ' ');
  const widths = columns.map((c) =>
    Math.min(maxCell, Math.max(displayWidth(c), ...rows.map((r) => displayWidth(text(r[c]))))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => fit(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [
      line([...columns]),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map((r) => line(columns.map((c) => text(r[c])))),
    ].join('\n') + '\n'
  );
}
