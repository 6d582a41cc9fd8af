import type { OperationSpec } from './catalog-types.js';

/** A flat row: every value a string, number, boolean or null, so it fits a sheet, CSV or table. */
export type FlatRecord = Record<string, string | number | boolean | null>;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;
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
    cover_url: cover ? str(cover.url_size_large) || str(cover.url) : null,
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

const SHAPES: Record<string, (item: unknown) => FlatRecord> = { user: toUserRecord, note: toNoteRecord };

/** The flat record for one item of an operation. */
export function toRecord(op: OperationSpec, item: unknown): FlatRecord {
  const shape = op.record ? SHAPES[op.record] : undefined;
  return shape ? shape(item) : flatten(item);
}
