// Simplify > Fields: the columns each output item has, in the core's one syntax (parsed there, never here).
// Blank keeps what Simplify gave before (the record columns, else the item's fields), so saved workflows
// keep their output shape; "*" gives every compact column.
import { createRows, type OperationSpec, parseColumns, toRecord } from '@justoneapi/sdk/core';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const FIELDS_PROPERTY: INodeProperties = {
  displayName: 'Fields',
  name: 'fields',
  type: 'string',
  default: '',
  placeholder: 'likes=statistics.digg_count, author=author.nickname, published=create_time',
  displayOptions: { show: { simplify: [true] } },
  description:
    'The fields each item has, in this order: a field path, or name=path to rename it (e.g. likes=statistics.digg_count). "*" gives every compact field: the wrapper items share dropped, dates as ISO dates, a URL list\'s first URL. Blank: the simplified fields as before.',
};

/** Checks Fields before anything is sent (the core's parser throws a ValidationError). */
export function checkFields(fields: string): void {
  if (fields.trim()) parseColumns(fields);
}

/**
 * Output JSON for the items of one run: the raw items, Simplify's records, or the Fields asked for.
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
  if (!fields.trim()) return items.map((item) => toRecord(op, item) as IDataObject);
  const objects = items.filter((i) => i && typeof i === 'object');
  if (objects.length < items.length) return items.map((value) => ({ value }) as IDataObject);
  const page = createRows(op, { columns: fields }).page(items);
  if (page.missing.length)
    missing(
      `Fields: ${page.missing.map((c) => `"${c.name}" (${c.path})`).join(', ')} matched no field of the items. Fields there: ${page.available.join(', ')}.`,
    );
  return page.rows as IDataObject[];
}
