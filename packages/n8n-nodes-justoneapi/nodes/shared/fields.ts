// Simplify > Fields: the columns each output item has, in the core's one syntax (parsed there, never here).
// Blank: the core's default rows: an operation's curated record (Xiaohongshu's users and notes, the only
// operations of the released v1 node, so saved v1 workflows keep their output), else compact rows.
import { createRows, type OperationSpec, parseColumns } from '@justoneapi/sdk/core';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const FIELDS_PROPERTY: INodeProperties = {
  displayName: 'Fields',
  name: 'fields',
  type: 'string',
  default: '',
  placeholder: 'likes=statistics.digg_count, author=author.nickname, published=create_time',
  displayOptions: { show: { simplify: [true] } },
  description:
    'The fields each item has, in this order: a field path, or name=path to rename it (e.g. likes=statistics.digg_count). Blank: at most 30 compact fields (the wrapper items share dropped, dates as ISO dates, a URL list\'s first URL); "*": all of them.',
};

/** Checks Fields before anything is sent (the core's parser throws a ValidationError). */
export function checkFields(fields: string): void {
  if (fields.trim()) parseColumns(fields);
}

/**
 * Output JSON for the items of one run: the raw items, or Simplify's rows (the Fields asked for, or the
 * default rows), decided by the run's first items and kept for all of them.
 * `missing` is told the fields no item has, with the ones there are, after the items are made.
 */
export function shapeItems(
  op: OperationSpec,
  items: readonly unknown[],
  simplify: boolean,
  fields: string,
  missing: (message: string) => void,
): IDataObject[] {
  if (!simplify) return items as IDataObject[];
  const objects = items.filter((i) => i && typeof i === 'object');
  if (objects.length < items.length) return items.map((value) => ({ value }) as IDataObject);
  const page = createRows(op, fields.trim() ? { columns: fields } : {}).page(items);
  if (page.missing.length)
    missing(
      `Fields: ${page.missing.map((c) => `"${c.name}" (${c.path})`).join(', ')} matched no field of the items. Fields there: ${page.available.join(', ')}.`,
    );
  return page.rows as IDataObject[];
}
