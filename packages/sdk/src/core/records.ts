import type { OperationSpec } from './catalog-types.js';

/** A flat row: every value a string, number, boolean or null, so it fits a sheet, CSV or table. */
export type FlatRecord = Record<string, string | number | boolean | null>;

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

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const bool = (v: unknown): boolean => v === true || v === 1 || v === 'true';

const UNITS: Record<string, number> = { 万: 1e4, w: 1e4, W: 1e4, 亿: 1e8, k: 1e3, K: 1e3, m: 1e6, M: 1e6 };

/** "粉丝 381.2万" -> 3812000, "1,234" -> 1234, "1.1亿" -> 110000000; null when no count is stated. */
export function parseCount(text: unknown): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? Math.round(text) : null;
  if (typeof text !== 'string') return null;
  const m = /(\d[\d,]*(?:\.\d+)?)\s*(万|亿|[wWkKmM])?/.exec(text);
  if (!m) return null;
  const value = Number(m[1]!.replace(/,/g, ''));
  return Number.isFinite(value) ? Math.round(value * (m[2] ? UNITS[m[2]]! : 1)) : null;
}

function followersFrom(user: Obj): number | null {
  const sub = str(user.sub_title);
  if (sub && /粉丝|followers?/i.test(sub)) return parseCount(sub.replace(/^.*?(粉丝|followers?)/i, ''));
  return user.fans !== undefined && user.fans !== '' ? parseCount(user.fans) : null;
}

export function toUserRecord(item: unknown): FlatRecord {
  const u = obj(item);
  const id = str(u.id);
  return {
    id,
    name: str(u.name),
    red_id: str(u.red_id),
    description: str(u.desc),
    avatar_url: str(u.image),
    profile_url: id ? `https://www.xiaohongshu.com/user/profile/${id}` : null,
    verified: bool(u.red_official_verified),
    verify_type: num(u.red_official_verify_type) ?? 0,
    subtitle: str(u.sub_title),
    followers: followersFrom(u),
  };
}

function isoTime(v: unknown): string | null {
  const n = num(v);
  if (n === null || n <= 0) return null;
  const ms = n > 1e12 ? n : n * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function toNoteRecord(item: unknown): FlatRecord {
  const n = obj(item);
  const user = obj(n.user);
  const images = Array.isArray(n.images_list) ? n.images_list.map(obj) : [];
  const cover = images[0];
  const id = str(n.id);
  const title = [n.display_title, n.title, n.name].map(str).find((t) => t) ?? null;
  return {
    id,
    title,
    type: str(n.type),
    likes: num(n.likes) ?? parseCount(n.likes),
    author_id: str(user.userid) ?? str(user.user_id) ?? str(user.id),
    author_name: str(user.nickname) ?? str(user.name),
    author_avatar_url: str(user.images) ?? str(user.image) ?? str(user.avatar),
    cover_url: cover ? (str(cover.url_size_large) || str(cover.url)) : null,
    image_count: images.length,
    category: str(obj(n.recommend).category_name) || null,
    published_at: isoTime(n.timestamp),
    note_url: id ? `https://www.xiaohongshu.com/explore/${id}` : null,
    is_ad: bool(n.is_ads),
  };
}

/** Flattens any object into dot-named scalar columns (arrays become JSON text). For items without a record shape. */
export function flatten(item: unknown, prefix = '', out: FlatRecord = {}): FlatRecord {
  for (const [k, v] of Object.entries(obj(item))) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) out[key] = null;
    else if (Array.isArray(v)) out[key] = JSON.stringify(v);
    else if (typeof v === 'object') flatten(v, key, out);
    else out[key] = v as string | number | boolean;
  }
  return out;
}

const SHAPES: Record<string, { columns: readonly Column[]; toRecord: (item: unknown) => FlatRecord }> = {
  user: { columns: USER_COLUMNS, toRecord: toUserRecord },
  note: { columns: NOTE_COLUMNS, toRecord: toNoteRecord },
};

/** The record columns of an operation, or undefined when its items are flattened generically. */
export function recordColumns(op: OperationSpec): readonly Column[] | undefined {
  return op.record ? SHAPES[op.record]?.columns : undefined;
}

/** The flat record for one item of an operation. */
export function toRecord(op: OperationSpec, item: unknown): FlatRecord {
  const shape = op.record ? SHAPES[op.record] : undefined;
  return shape ? shape.toRecord(item) : flatten(item);
}
