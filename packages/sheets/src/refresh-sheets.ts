// Writing a job's rows into its target sheet: overwrite (replace) or append below (append new), with
// number formats that keep text as text, and the ids an append-new sheet already holds.
import { MARK_TARGET, targetProblem } from './jobs';
import { DATE_FORMAT, isDate, type Cell } from './table';

/** The column an "append new" job's rows carry their item id in: what later runs compare with. */
export const ID_COLUMN = 'item_id';

/**
 * Sheets reads a written string as a formula ("=_=") or a number ("63498939967") unless its cell is
 * plain text ('@'). Columns holding text get '@'; dates get a date format (shown in the spreadsheet's
 * time zone); numeric and boolean ones (likes, followers) stay 'General'. The header row is text.
 */
function numberFormats(values: Cell[][]): string[][] {
  const text = values[0]!.map((_, c) =>
    values.some((row, r) => r > 0 && typeof row[c] === 'string' && row[c] !== ''),
  );
  return values.map((row, r) =>
    row.map((v, c) => (r === 0 || text[c] ? '@' : isDate(v) ? DATE_FORMAT : 'General')),
  );
}

function targetSheet(name: string): GoogleAppsScript.Spreadsheet.Sheet {
  const problem = targetProblem(name);
  if (problem) throw new Error(problem);
  const book = SpreadsheetApp.getActiveSpreadsheet();
  let sheet = book.getSheetByName(name);
  if (!sheet) {
    sheet = book.insertSheet(name);
    sheet.addDeveloperMetadata(MARK_TARGET);
  }
  return sheet;
}

export function writeTable(name: string, values: Cell[][]): void {
  const sheet = targetSheet(name);
  sheet.clearContents();
  sheet
    .getRange(1, 1, values.length, values[0]!.length)
    .setNumberFormats(numberFormats(values))
    .setValues(values);
}

/** The header of a target sheet (trailing blanks left out). */
function headerOf(sheet: GoogleAppsScript.Spreadsheet.Sheet): string[] {
  if (sheet.getLastRow() < 1 || sheet.getLastColumn() < 1) return [];
  const row = sheet
    .getRange(1, 1, 1, sheet.getLastColumn())
    .getValues()[0]!
    .map((v) => String(v ?? ''));
  while (row.length && row[row.length - 1] === '') row.pop();
  return row;
}

/** The item ids already in a target sheet's `item_id` column (none when it has no such column yet). */
export function sheetIds(name: string): string[] {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name);
  if (!sheet || sheet.getLastRow() < 2) return [];
  const at = headerOf(sheet).indexOf(ID_COLUMN);
  if (at < 0) return [];
  return sheet
    .getRange(2, at + 1, sheet.getLastRow() - 1, 1)
    .getValues()
    .map((r) => String(r[0] ?? ''))
    .filter(Boolean);
}

/**
 * Appends rows below what the sheet has, never clearing anything: columns the sheet's header lacks are
 * added at its end, the rows are laid out in the sheet's column order, with one setValues.
 */
export function appendTable(name: string, header: string[], rows: Cell[][]): void {
  const sheet = targetSheet(name);
  const existing = headerOf(sheet);
  if (existing.length === 0) {
    if (rows.length === 0) return;
    const values = [header, ...rows];
    sheet
      .getRange(1, 1, values.length, header.length)
      .setNumberFormats(numberFormats(values))
      .setValues(values);
    return;
  }
  const added = header.filter((c) => !existing.includes(c));
  if (added.length)
    sheet
      .getRange(1, existing.length + 1, 1, added.length)
      .setNumberFormat('@')
      .setValues([added]);
  if (rows.length === 0) return;
  const columns = [...existing, ...added];
  const laid = rows.map((r) => columns.map((c) => (header.includes(c) ? r[header.indexOf(c)]! : '')));
  const formats = numberFormats([columns, ...laid]).slice(1);
  sheet
    .getRange(sheet.getLastRow() + 1, 1, laid.length, columns.length)
    .setNumberFormats(formats)
    .setValues(laid);
}
