import { pagingParams, type DocumentedOperation, type DocumentedParam } from '@justoneapi/sdk/core';
import { documented } from './catalog';
import { hasMark, MARK_REFERENCE } from './jobs';

export const REFERENCE_SHEET = 'Just One API operations';
export const REFERENCE_HEADER = [
  'platform',
  '平台',
  'operation',
  'summary',
  '摘要',
  'version',
  'status',
  'pages',
  'parameters',
  'example formula',
  "vendor's notes",
];

function kind(p: DocumentedParam): string {
  const range =
    p.minimum !== undefined || p.maximum !== undefined ? ` ${p.minimum ?? ''}–${p.maximum ?? ''}` : '';
  const type = p.type === 'integer' ? 'whole number' : p.type === 'string' ? 'text' : p.type;
  return `${type}${range}${p.default !== undefined ? `, default ${String(p.default)}` : ''}`;
}

/** "keyword* (text): Search keyword / 搜索关键词" plus, for enums, every value with its labels. */
function describeParam(p: DocumentedParam): string {
  const d = p.description ?? { en: '', zh: '' };
  const text = [d.en, d.zh !== d.en ? d.zh : ''].filter(Boolean).join(' / ');
  const values = p.enum?.length
    ? ` Values: ${p.enum
        .map((e) => {
          const label = [e.label.en, e.label.zh].filter((l) => l && l !== String(e.value)).join(' / ');
          return label ? `${String(e.value)} (${label})` : String(e.value);
        })
        .join(', ')}.`
    : '';
  return `${p.name}${p.required ? '*' : ''} (${kind(p)})${text ? `: ${text}` : ''}${values}`;
}

function example(op: DocumentedOperation): string {
  const paging = pagingParams(op);
  const args = op.params
    .filter((p) => p.required && !paging.includes(p.name))
    .flatMap((p) => {
      const v = p.enum?.[0]?.value ?? p.default ?? (p.type === 'string' ? '…' : (p.minimum ?? 1));
      return [`"${p.name}"`, typeof v === 'string' ? `"${v}"` : String(v)];
    });
  // Written into plain-text ('@') cells, so Sheets keeps it as text.
  return `=JUSTONEAPI(${[`"${op.id}"`, ...args].join(', ')})`;
}

/** The vendor's highlights, one per line; a danger one says how the formula acknowledges it. */
function notes(op: DocumentedOperation): string {
  return (op.highlights ?? [])
    .map(
      (h) =>
        `${h.type.toUpperCase()}: ${h.content}${h.acknowledge ? ` Refused unless the formula adds "options", "acknowledge:${h.acknowledge}".` : ''}`,
    )
    .join('\n');
}

/** One row per listed operation (hidden ones skipped), grouped by platform. */
export function referenceRows(): string[][] {
  const { operations, platforms } = documented();
  const platform = new Map(platforms.map((p) => [p.id, p]));
  return operations
    .filter((op) => !op.hidden)
    .map((op) => {
      const pf = platform.get(op.namespace);
      return [
        pf?.name.en ?? op.namespace,
        pf?.name.zh ?? '',
        op.id,
        op.summary.en,
        op.summary.zh,
        op.version ?? '',
        op.deprecated ? 'deprecated' : '',
        op.pagination ? 'yes' : '',
        op.params.map(describeParam).join('\n'),
        example(op),
        notes(op),
      ];
    })
    .sort((a, b) => a[0]!.localeCompare(b[0]!) || a[2]!.localeCompare(b[2]!));
}

/** Menu: (re)writes the reference sheet; a sheet of that name that is not ours is left alone. */
export function XHS_MENU_OPERATIONS(): void {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(REFERENCE_SHEET);
  if (sheet && !hasMark(sheet, MARK_REFERENCE))
    return void SpreadsheetApp.getUi().alert(
      `"${REFERENCE_SHEET}" is a sheet of yours: rename it, then try again.`,
    );
  if (!sheet) {
    sheet = book.insertSheet(REFERENCE_SHEET);
    sheet.addDeveloperMetadata(MARK_REFERENCE);
  }
  const rows = [REFERENCE_HEADER, ...referenceRows()];
  sheet.clearContents();
  sheet.getRange(1, 1, rows.length, REFERENCE_HEADER.length).setNumberFormat('@').setValues(rows);
  sheet.setFrozenRows(1);
  book.setActiveSheet(sheet);
}
