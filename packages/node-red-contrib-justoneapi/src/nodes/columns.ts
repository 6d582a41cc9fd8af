// The "Columns" property (a TypedInput: text, msg, flow, global or env): the columns each record has,
// in the core's one syntax (parsed there, never here). Blank: the output's default rows.
import { createRows, type OperationSpec, parseColumns, toRecord } from '@justoneapi/sdk/runtime';
import type { NodeMessage, NodeRedApi, RedNode } from './red-types.js';

export interface ColumnsDef {
  /** The columns text, or where to read it (columnsType); blank: the flat records as before. */
  columns?: string;
  columnsType?: 'str' | 'msg' | 'flow' | 'global' | 'env';
}

/** The columns text for this message, checked before anything is sent (the core throws a ValidationError). */
export async function columnsFor(
  RED: NodeRedApi,
  node: RedNode,
  def: ColumnsDef,
  msg: NodeMessage,
): Promise<string> {
  const type = def.columnsType ?? 'str';
  const raw = def.columns ?? '';
  if (type === 'str' && !raw.trim()) return '';
  const value = await new Promise<unknown>((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(raw, type, node, msg, (err, v) => (err ? reject(err) : resolve(v)));
    } catch (err) {
      reject(err);
    }
  });
  const text = value === undefined || value === null ? '' : String(value).trim();
  if (text) parseColumns(text);
  return text;
}

/**
 * Records of the items a message gets (one run of pages): the columns asked for, else compact rows (the
 * core's default rows) or the flat records saved nodes were made with.
 */
export function recordMaker(
  op: OperationSpec,
  compact: boolean,
  columns: string,
  warn: (text: string) => void,
) {
  if (!columns && !compact) return (items: readonly unknown[]) => items.map((i) => toRecord(op, i));
  const rows = createRows(op, columns ? { columns } : {});
  return (items: readonly unknown[]) => {
    const page = rows.page(items);
    if (page.missing.length)
      warn(
        `Columns: ${page.missing.map((c) => `"${c.name}" (${c.path})`).join(', ')} matched no field of this page's items. Columns there: ${page.available.join(', ')}.`,
      );
    return page.rows;
  };
}
