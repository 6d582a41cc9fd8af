import type { OperationSpec } from './catalog-types.js';

// The record columns, in order (records.ts produces them). What each one means is in column-docs.ts.
export const USER_COLUMNS = [
  'id',
  'name',
  'red_id',
  'description',
  'avatar_url',
  'profile_url',
  'verified',
  'verify_type',
  'subtitle',
  'followers',
] as const;

export const NOTE_COLUMNS = [
  'id',
  'title',
  'type',
  'likes',
  'author_id',
  'author_name',
  'author_avatar_url',
  'cover_url',
  'image_count',
  'category',
  'published_at',
  'note_url',
  'is_ad',
] as const;

const COLUMNS: Record<string, readonly string[]> = { user: USER_COLUMNS, note: NOTE_COLUMNS };

/** The record column names of an operation, or undefined when its items are flattened generically. */
export function recordColumns(op: OperationSpec): readonly string[] | undefined {
  return op.record ? COLUMNS[op.record] : undefined;
}
