import { documentedOperations, type OperationSpec, type PageStep } from '@justoneapi/sdk/core';
import { fixtureFor } from './fixtures/index.js';
import { hash, rng } from './random.js';

export interface DataOptions {
  /** Pages of users before the empty page (default 5, 20 users each). */
  userPages?: number;
  /** Pages of feed notes before the empty page (default 6, 10 notes each). */
  feedPages?: number;
}

export const USERS_PER_PAGE = 20;
export const NOTES_PER_PAGE = 10;
/** Notes of the previous page that the next feed page repeats, like the real recommendation feed. */
export const FEED_REPEATS = 2;

const FAMILY = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const SUFFIX = ['日记', '的小屋', '同学', '研究所', '爱好者', '小站', 'Official', '酱', '生活', '笔记'];
const PREFIX = ['小', '阿', '大', '', '', 'Hi', '是'];
const NICK = [
  '贪玩小晕吖',
  '一只橘子',
  '山海',
  '今天也要开心',
  '晚风',
  '小鹿乱撞',
  '半糖',
  '森林',
  '柚子茶',
  '北岛',
];
const TITLE_PATTERNS = [
  '这家{c}真的绝了!!!',
  '{c}新手必看｜保姆级攻略',
  '周末{c}vlog 记录一下',
  '我的{c}清单来了',
  '{c}避雷指南 真心建议收藏',
  '被问爆的{c}分享',
  '一周{c}打卡 第{n}天',
];

/** The Chinese label of a feed id, from the catalog (e.g. homefeed_food_v3 -> 美食). */
function feedLabel(oid: string): string {
  const feedOp = documentedOperations.find((o) => o.id === 'xiaohongshu.getNoteFeed');
  return feedOp?.params.find((p) => p.name === 'oid')?.enum?.find((e) => e.value === oid)?.label.zh ?? '推荐';
}

/** A 24-hex id shaped like the real ones (time prefix, zeros, tail); the index keeps it unique. */
function xhsId(r: ReturnType<typeof rng>, index: number): string {
  return `${(0x60000000 + r.int(0, 0x0fffffff)).toString(16)}0000000${index.toString(16).padStart(4, '0')}${r.hex(5)}`;
}

function followers(r: ReturnType<typeof rng>): string {
  const roll = r.next();
  if (roll < 0.5) return '';
  if (roll < 0.65) return `粉丝 ${r.int(0, 9999)}`;
  if (roll < 0.97) return `粉丝 ${(r.int(10, 9999) / 10).toFixed(1)}万`;
  return `粉丝 ${(r.int(10, 30) / 10).toFixed(1)}亿`;
}

function user(keyword: string, index: number) {
  const r = rng(hash(`user:${keyword}:${index}`));
  const id = xhsId(r, index);
  const redId = r.digits(r.int(9, 11));
  const verified = r.next() < 0.15;
  const name =
    r.next() < 0.5 ? `${r.pick(PREFIX)}${keyword}${r.pick(SUFFIX)}` : `${r.pick(FAMILY)}${keyword}`;
  return {
    name,
    red_official_verify_type: verified ? r.int(1, 3) : 0,
    self: false,
    reason: '',
    id,
    image: `https://sns-avatar-qc.xhscdn.com/avatar/${r.hex(24)}.jpg?imageView2/2/w/360/format/webp`,
    followed: false,
    red_id: redId,
    show_red_official_verify_icon: verified,
    red_official_verified: verified,
    link: `xhsdiscover://1/user/user.${id}`,
    sub_title: followers(r),
    desc: `小红书号:${redId}`,
  };
}

const FILTERS = [
  {
    type: 'single',
    name: '粉丝数量',
    id: 'fans_count',
    group_show_type: 0,
    invisible: true,
    word_request_id: '61eed1ba52c1751c5ebe1bd3cdae45a6',
    filter_tags: [
      ['all', '不限'],
      ['0-100', '0-100'],
      ['100-1000', '100-1000'],
      ['1000-10000', '1000-1万'],
      ['10000-100000', '1万-10万'],
      ['100000', '10万以上'],
    ],
  },
  {
    type: 'single',
    name: '用户类型',
    id: 'user_type',
    group_show_type: 0,
    invisible: true,
    word_request_id: '0a1ae450a1c8b13052708c04487576ea',
    filter_tags: [
      ['all', '不限'],
      ['regular_user', '普通用户'],
      ['personal_verification', '个人认证'],
      ['business_verification', '企业认证'],
    ],
  },
].map((f) => ({
  ...f,
  filter_tags: f.filter_tags.map(([id, name]) => ({
    id,
    name,
    origin_text: '',
    icon_url: '',
    icon_url_night: '',
    icon_tail_url: '',
    icon_tail_url_night: '',
    need_location_info: false,
    sub_filters_select_type: '',
    sub_filters: null,
  })),
}));

/** The `data` of a User Search V2 page: 20 users on pages 1..userPages, then `users: []`. */
export function userSearchPage(keyword: string, page: number, options: DataOptions = {}) {
  const pages = options.userPages ?? 5;
  const users =
    page >= 1 && page <= pages
      ? Array.from({ length: USERS_PER_PAGE }, (_, i) => user(keyword, (page - 1) * USERS_PER_PAGE + i))
      : [];
  return { users, ...(page === 1 ? { filters: FILTERS } : {}), has_more: page < pages };
}

function note(oid: string, index: number) {
  const r = rng(hash(`note:${oid}:${index}`));
  const id = xhsId(r, index);
  const category = feedLabel(oid);
  const title = r
    .pick(TITLE_PATTERNS)
    .replace('{c}', category)
    .replace('{n}', String(r.int(1, 30)));
  const userid = r.hex(24);
  const nickname = r.pick(NICK);
  const images = Array.from({ length: r.int(1, 4) }, () => {
    const file = `notes_pre_post/1040g${r.hex(34)}`;
    const url = `https://sns-i8.rednotecdn.com/${file}?imageView2/2/w/1080/format/webp`;
    return {
      height: r.pick([1920, 1440, 1080]),
      width: r.pick([1440, 1080]),
      url,
      original: '',
      fileid: file,
      url_size_large: url,
      trace_id: file,
      url_multi_level: { low: url, medium: url, high: url },
      need_load_original_image: false,
      thumb_hash: r.hex(28),
      rgb: `0x${r.hex(6)}`,
    };
  });
  const timestamp = 1767225600 + r.int(0, 330 * 86400); // within 2026
  return {
    id,
    type: r.next() < 0.25 ? 'video' : 'normal',
    timestamp,
    name: title,
    title,
    desc: '',
    likes: r.int(0, 50000),
    user: {
      nickname,
      images: `https://sns-avatar-qc.xhscdn.com/avatar/${r.hex(32)}?imageView2/2/w/80/format/jpg`,
      followed: false,
      fstatus: 'none',
      userid,
    },
    last_update_time: 0,
    display_title: title,
    images_list: images,
    inlikes: false,
    model_type: 'note',
    is_ads: r.next() < 0.05,
    is_tracking: false,
    has_music: false,
    widgets_context: JSON.stringify({ flags: {}, author_id: userid, author_name: nickname }),
    corner_tag: [],
    rec_params: JSON.stringify({ isNiceNote: 0, hfTrackId: r.hex(21) }),
    recommend: {
      desc: '',
      icon: '',
      type: '',
      dark_icon: '',
      target_id: '',
      target_name: '',
      track_id: `dssmbase_recall@${r.hex(21)}`,
      topic_id: '',
      topic_name: '',
      mf_topic_id: '',
      mf_topic_name: '',
      topic_type: '',
      topic_sub_type: '',
      is_super_topic: false,
      is_followed_topic: false,
      category_id: r.hex(24),
      category_name: category,
      predict_click_ratio: Number(r.next().toFixed(6)),
      predict_video_complete_ratio: Number(r.next().toFixed(6)),
      is_activate_search: false,
      videofeed_lazy_load_score: Number(r.next().toFixed(6)),
    },
    dislike_optional: { follow_user: false },
    cursor_score: `${timestamp}.${r.digits(4)}`,
    app_json_string: '{"note_need_unique":true}',
    downgrade_data: 0,
    track_id_mix_rank: r.hex(21),
    generate_item_index: index,
    rec_result_from_inner_cache: false,
  };
}

/**
 * The `data` of a Notes Feed V1 page: 10 notes on pages 1..feedPages, then `[]`. From page 2 on,
 * the first FEED_REPEATS notes repeat the last ones of the previous page, so callers must de-duplicate.
 */
export function noteFeedPage(oid: string, page: number, options: DataOptions = {}) {
  const pages = options.feedPages ?? 6;
  if (page < 1 || page > pages) return [];
  const fresh = NOTES_PER_PAGE - (page > 1 ? FEED_REPEATS : 0);
  const start = page === 1 ? 0 : NOTES_PER_PAGE + (page - 2) * (NOTES_PER_PAGE - FEED_REPEATS);
  const repeated =
    page > 1 ? Array.from({ length: FEED_REPEATS }, (_, i) => note(oid, start - FEED_REPEATS + i)) : [];
  return [...repeated, ...Array.from({ length: fresh }, (_, i) => note(oid, start + i))];
}

/** Pages of generic items before the end, and items per page. */
export const GENERIC_PAGES = 3;
export const GENERIC_PER_PAGE = 5;
/** Integer cursors the sandbox hands out are 1000 + the page index (string ones: "sbx-<index>"). */
const INT_CURSOR = 1000;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = target;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys.at(-1)!] = value;
}

function cursorFor(op: OperationSpec, s: PageStep, index: number): string | number {
  const type = op.params.find((p) => p.name === s.param)?.type;
  return type === 'integer' || type === 'number' ? INT_CURSOR + index : `sbx-${index}`;
}

/** Which page (1-based) a request asks for, from the paging parameters the sandbox handed out. */
function pageIndex(op: OperationSpec, query: Record<string, string>): number {
  const spec = op.pagination!;
  for (const s of spec.state) {
    const raw = query[s.param];
    if (s.kind !== 'cursor' || raw === undefined) continue;
    const m = /^sbx-(\d+)$/.exec(raw);
    if (m) return Number(m[1]);
    if (/^\d+$/.test(raw) && Number(raw) > INT_CURSOR) return Number(raw) - INT_CURSOR;
  }
  for (const s of spec.state) {
    const raw = query[s.param];
    const def = op.params.find((p) => p.name === s.param)?.default;
    if (s.kind === 'page' && raw !== undefined)
      return Number(raw) - (s.start ?? (typeof def === 'number' ? def : 1)) + 1;
    if (s.kind === 'offset' && raw !== undefined)
      return Math.floor(Number(raw) / (s.step ?? GENERIC_PER_PAGE)) + 1;
  }
  return 1;
}

/**
 * Deterministic data for any operation of the catalog. Paged operations get GENERIC_PAGES pages of
 * GENERIC_PER_PAGE items (then an empty page) laid out as the operation's PaginationSpec says: the item
 * list at `items` (else "list"), ids at `id`, "has more" at `hasMore`, and each cursor's next value at its
 * first `from` path, only while there is a next page. Other operations get one object.
 */
export function genericPage(op: OperationSpec, query: Record<string, string>) {
  const spec = op.pagination;
  const seed = (extra: string) => rng(hash(`${op.id}:${JSON.stringify(query)}:${extra}`));
  if (!spec) {
    const r = seed('one');
    return {
      id: r.hex(24),
      title: `${op.id} sample`,
      operation: op.id,
      params: query,
      count: r.int(0, 1000),
    };
  }
  const index = pageIndex(op, query);
  const stable = Object.fromEntries(
    Object.entries(query).filter(([k]) => !spec.state.some((s) => s.param === k)),
  );
  // A realistic fixture (fixtures/) gives platform-shaped items; other operations get generic ones.
  const fixture = fixtureFor(op.path);
  const items =
    index >= 1 && index <= GENERIC_PAGES
      ? Array.from({ length: GENERIC_PER_PAGE }, (_, i) => {
          const n = (index - 1) * GENERIC_PER_PAGE + i;
          const r = rng(hash(`${op.id}:${JSON.stringify(stable)}:${n}`));
          if (fixture) return fixture.item(n, r, stable);
          const item: Record<string, unknown> = {
            title: `Item ${n + 1}`,
            rank: n + 1,
            score: r.int(0, 99999),
          };
          setPath(item, spec.id ?? 'id', `${r.hex(16)}${n.toString(16).padStart(8, '0')}`);
          return item;
        })
      : [];
  const more = index < GENERIC_PAGES;
  const data: Record<string, unknown> = fixture
    ? (fixture.around?.(index, more, seed('around')) ?? {})
    : { total_hint: GENERIC_PAGES * GENERIC_PER_PAGE };
  if (spec.items === '') return items;
  setPath(data, spec.items ?? fixture?.list ?? 'list', items);
  if (spec.hasMore) setPath(data, spec.hasMore, more);
  for (const s of spec.state) {
    if (s.kind === 'cursor' && more && s.from?.[0]) setPath(data, s.from[0], cursorFor(op, s, index + 1));
  }
  return data;
}

/**
 * The first page's items whatever page is asked for, without "has more" or cursor values: an API that
 * ignores the paging parameters. Items carry no id field, so only their content shows they repeat.
 */
export function repeatedPage(op: OperationSpec, query: Record<string, string>): unknown {
  const spec = op.pagination;
  if (!spec) return genericPage(op, query);
  const first = Object.fromEntries(
    Object.entries(query).filter(([k]) => !spec.state.some((s) => s.param === k)),
  );
  const items = Array.from({ length: 3 }, (_, i) => ({ title: `Same item ${i + 1}`, rank: i + 1 }));
  if (spec.items === '') return items;
  const data: Record<string, unknown> = { params: first };
  setPath(data, spec.items ?? 'list', items);
  return data;
}
