import type { OperationSpec } from './catalog-types.js';

// The documented columns of each record shape, in order (records.ts produces them).
export interface Column {
  name: string;
  description: string;
}

export const USER_COLUMNS: readonly Column[] = [
  { name: 'id', description: 'Internal user id (24 hex), accepted as userId by other endpoints' },
  { name: 'name', description: 'Display name' },
  { name: 'red_id', description: 'The displayed 小红书号' },
  { name: 'description', description: 'Profile line shown in search' },
  { name: 'avatar_url', description: 'Avatar image URL' },
  { name: 'profile_url', description: 'Web profile URL' },
  { name: 'verified', description: 'Officially verified (true/false)' },
  { name: 'verify_type', description: 'Verification type, 0 when not verified' },
  { name: 'subtitle', description: 'Subtitle as shown, e.g. "粉丝 381.2万"' },
  { name: 'followers', description: 'Followers as a number when the subtitle (or fans) states it, else null' },
];

export const NOTE_COLUMNS: readonly Column[] = [
  { name: 'id', description: 'Note id' },
  { name: 'title', description: 'Title (display title when present)' },
  { name: 'type', description: '"normal" (images) or "video"' },
  { name: 'likes', description: 'Like count' },
  { name: 'author_id', description: 'Author user id' },
  { name: 'author_name', description: 'Author nickname' },
  { name: 'author_avatar_url', description: 'Author avatar URL' },
  { name: 'cover_url', description: 'First image URL' },
  { name: 'image_count', description: 'Number of images' },
  { name: 'category', description: 'Recommendation category, e.g. 美食' },
  { name: 'published_at', description: 'Publish time, ISO 8601 UTC' },
  { name: 'note_url', description: 'Web URL of the note' },
  { name: 'is_ad', description: 'Advertisement (true/false)' },
];

const COLUMNS: Record<string, readonly Column[]> = { user: USER_COLUMNS, note: NOTE_COLUMNS };

/** The record columns of an operation, or undefined when its items are flattened generically. */
export function recordColumns(op: OperationSpec): readonly Column[] | undefined {
  return op.record ? COLUMNS[op.record] : undefined;
}
