// The data the compact rows follow: which field names say "time", "URL", "count", and how columns rank.
// Generic on purpose (no operation or platform here); an overlay's curated record still wins over them.

/** A field whose last name says time or date: an epoch value in it becomes an ISO date. */
export const TIME_NAME =
  /(^|_)(time|date|timestamp|ts)$|_at$|[a-z](Time|Date|At|Timestamp)$|^(pubdate|ctime|mtime|senddate|created|updated)$/;

/** A list holding URLs: its first one becomes the cell. */
export const URL_LIST_NAME = /(^|_)(url_list|urls|url)$|Urls$/;

/** At most this many columns by default; `*` gives all. */
export const DEFAULT_MAX_COLUMNS = 30;
/** Longer compact names lose their leading segments, or are cut with "…". */
export const MAX_NAME = 32;

/** A wrapper object holds nearly everything: its siblings are at most this many scalars. */
export const WRAPPER_SIBLINGS = 4;

/**
 * Column kinds, most informative first; `test` reads the compact name (last segment `leaf`, full `name`)
 * and how the field becomes a cell. `max` bounds how many of a kind the default rows keep; within a kind,
 * names matching an earlier `prefer` pattern come first, then shallower ones (`depthFirst`: the other way).
 */
export interface KindRule {
  kind: string;
  test: (leaf: string, name: string, how: string) => boolean;
  max: number;
  prefer?: readonly RegExp[];
  /** `prefer` tests the whole name, not its last segment (URL columns all end in "url"). */
  preferName?: boolean;
  depthFirst?: boolean;
}

const AUTHORISH = /^(author|user|owner|uploader|creator|shop|seller|store|up)(Info|_info)?\./;
const ID = /^(id|uid|sec_uid|bvid|aid|mid|asin|nid|sku|item_id|[a-z]+_id|[a-z]+Id)$/;
const depth = (name: string) => name.split('.').length - 1;

export const KIND_RULES: readonly KindRule[] = [
  {
    kind: 'id',
    test: (leaf, name) => ID.test(leaf) && depth(name) <= 1 && !AUTHORISH.test(name),
    max: 3,
    prefer: [/^id$/, /^(bvid|asin|[a-z]+_id)$/],
    depthFirst: true,
  },
  {
    kind: 'text',
    test: (leaf, name) =>
      /^(title|desc|description|content|text|text_raw|caption|display_title|name|raw_title|item_title|product_title)$/.test(
        leaf,
      ) && !AUTHORISH.test(name),
    max: 3,
    prefer: [/title|desc|caption|text|content/],
    depthFirst: true,
  },
  {
    kind: 'author',
    test: (leaf, name) =>
      /^(author|nickname|nick|author_name|shop_name|seller_name|user_name|screen_name|uname|brand)$/.test(
        leaf,
      ) ||
      (AUTHORISH.test(name) && (/name|nick/.test(leaf) || ID.test(leaf))),
    max: 3,
    prefer: [/name|nick|^author$/, /sec_uid|unique_id|^id$|^uid$|user_?id/i],
  },
  {
    kind: 'count',
    test: (leaf, _name, how) =>
      how === 'value' &&
      /(count|cnt|num|total|favorited)$|^(likes?|views?|play|plays|danmaku|reply|replies|favorites?|coins?|shares?|comments?|reposts?|sales|sold|price|rating|stars|reviews?|video_review)$|price|rating|sales/i.test(
        leaf,
      ),
    max: 9,
    prefer: [
      /digg|like|attitude|price/i,
      /comment|repl|review|rating/i,
      /share|repost|forward|sale|sold/i,
      /play|view|collect|danmaku|coin/i,
      /favorit|follower|fans/i,
    ],
  },
  { kind: 'date', test: (_leaf, _name, how) => how === 'time', max: 3 },
  {
    kind: 'url',
    test: (leaf, _name, how) =>
      how === 'first-url' ||
      /(url|link|href)$/i.test(leaf) ||
      /^(pic|cover|face|upic|avatar|image|photo)$/.test(leaf),
    max: 5,
    prefer: [/share|^url$|link|arcurl|scheme/i, /play|video|photo|download/i, /cover|pic|image/i],
    preferName: true,
  },
  { kind: 'other', test: () => true, max: DEFAULT_MAX_COLUMNS },
];
