import { RECORD_SHAPES } from '../generated/records.js';
import type { OperationSpec } from './catalog-types.js';

const names = (shape: string) => (RECORD_SHAPES[shape] ?? []).map((c) => c.column);

// The record columns, in order, as the overlays in specs/ define them.
export const USER_COLUMNS: readonly string[] = names('user');
export const NOTE_COLUMNS: readonly string[] = names('note');

/** The record column names of an operation, or undefined when its items are flattened generically. */
export function recordColumns(op: OperationSpec): readonly string[] | undefined {
  return op.record ? names(op.record) : undefined;
}
