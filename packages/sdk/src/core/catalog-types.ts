/** A text in English and Simplified Chinese. */
export interface LocalizedText {
  en: string;
  zh: string;
}

export interface EnumOption {
  value: string | number;
  /** Other inputs accepted for this value (short names such as "food" for homefeed_food_v3). */
  aliases?: string[];
  /** Present in `documentedOperations`; the runtime catalog carries values only. */
  label?: LocalizedText;
}

/** A 'danger' highlight as the runtime catalog carries it: refused until `acknowledge` is given. */
export interface DangerHighlight {
  acknowledge: string;
  text: string;
}

/** One request parameter (the `token` is never one: it is added by the transport). */
export interface ParamSpec {
  name: string;
  /** Query string, or the form body of a POST operation. */
  in: 'query' | 'body';
  type: 'string' | 'integer' | 'number' | 'boolean';
  /** 'date': a yyyy-MM-dd string. */
  format?: 'date';
  required: boolean;
  default?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  enum?: EnumOption[];
}

/** How one parameter that carries the paging state moves from one page to the next. */
export interface PageStep {
  param: string;
  /**
   * page: +1 per page (first page: the user's value, else the default, else `start`, else 1);
   * offset: + `step`, or + the number of items received;
   * cursor: the value found in the previous answer's `data` at the first `from` path present.
   */
  kind: 'page' | 'offset' | 'cursor';
  from?: string[];
  step?: number;
  start?: number;
}

/** How an operation pages: which parameters carry the state, and what the answer says. */
export interface PaginationSpec {
  state: PageStep[];
  /** Dot path of the item list in `data` ('' for `data` itself); absent: the largest list of objects in `data`. */
  items?: string;
  /** True when `items` is our assumption, not the vendor's word: a miss falls back to searching `data`. */
  itemsAssumed?: boolean;
  /** The item field that identifies it, for de-duplication; absent: none. */
  id?: string;
  /** Dot path of a value in `data` that is false (or 0) on the last page. */
  hasMore?: string;
}

/** One column of a record shape: where its value comes from and how it is parsed. */
export interface RecordColumn {
  column: string;
  /** Dot paths in the item, first usable one wins; `{ path, after }` reads the text after a label (a regex). */
  from?: Array<string | { path: string; after: string }>;
  parse?: 'string' | 'number' | 'count' | 'boolean' | 'time' | 'length';
  /** A URL built from other columns: "https://www.xiaohongshu.com/explore/{id}". */
  template?: string;
  default?: string | number | boolean;
}

/**
 * An operation as the generator writes it: [method, "GET /api/...", params, extras?]. Params are
 * space-separated `[@]name[!][:i|:n|:b|:d][=default][>min][<max][(value~alias|value)]` (@: form body,
 * !: required). Extras: p pagination, r record shape, d deprecated, h hidden, s supplementary,
 * f token in the form body, a aliases, k danger highlights ([acknowledge, text]).
 */
export type CompactOperation =
  | readonly [method: string, endpoint: string, params: string]
  | readonly [
      method: string,
      endpoint: string,
      params: string,
      extras: {
        p?: PaginationSpec;
        r?: string;
        d?: 1;
        h?: 1;
        s?: 1;
        f?: 1;
        a?: readonly string[];
        k?: ReadonlyArray<readonly [acknowledge: string, text: string]>;
      },
    ];

/**
 * One API operation as a request needs it, read by `pnpm generate` from specs/. Texts for
 * people (summary, descriptions, labels) are in `documentedOperations`, kept out of the client bundle.
 */
export interface OperationSpec {
  /** "namespace.method", e.g. "xiaohongshu.searchUsers". */
  id: string;
  namespace: string;
  method: string;
  httpMethod: 'GET' | 'POST';
  path: string;
  /** Where the token goes: the query string (default) or the form body (POST form operations). */
  tokenIn?: 'body';
  params: ParamSpec[];
  pagination?: PaginationSpec;
  /** Which flat record shape the items map to ("user", "note"); absent: generic flattening. */
  record?: string;
  /** The vendor marks it deprecated: still callable, hidden from new nodes in hosts. */
  deprecated?: boolean;
  /** Not shown in the vendor's docs (`x-docs-hidden`): callable from the SDK and CLI, not listed in host pickers. */
  hidden?: boolean;
  /** Documented by the vendor but absent from its OpenAPI document (Notes Feed V1). */
  supplementary?: boolean;
  /** Other method names of this operation in its namespace (e.g. the path-derived "searchUserV2"). */
  aliases?: string[];
  /**
   * The vendor's 'danger' highlights: validation refuses the call (nothing is sent) until each one's
   * `acknowledge` name is given (`{ acknowledge: ['direct-api-call'] }`).
   */
  danger?: DangerHighlight[];
}

export interface DocumentedEnumOption extends EnumOption {
  label: LocalizedText;
}

export interface DocumentedParam extends ParamSpec {
  /** Label for forms ("Feed" for oid), from the spec's x-display-name. */
  displayName: string;
  description: LocalizedText;
  enum?: DocumentedEnumOption[];
}

/** One of the vendor's notes on an operation (x-highlights): a limitation, a condition, a tip. */
export interface Highlight {
  /** How serious: "danger" (the call may not do what its name says), "warning", "tip", "info". */
  type: string;
  /** The vendor's category: LIMITATION, CONDITION, CAPABILITY, GUIDANCE … */
  kind?: string;
  title?: string;
  /** The vendor's sentence, verbatim (English). */
  content: string;
  /** Phrases (English and Chinese) the note is about, for search. */
  aliases?: string[];
  /** For 'danger': the name that acknowledges it ("direct-api-call", from the vendor's concept), as in `op.danger`. */
  acknowledge?: string;
}

/** An operation with its texts for forms, help and AI tools. */
export interface DocumentedOperation extends OperationSpec {
  operationId: string;
  summary: LocalizedText;
  description: LocalizedText;
  params: DocumentedParam[];
  /** Legacy UI grouping of the two original Xiaohongshu operations (n8n/Node-RED v1 nodes): "user" / "search". */
  resource?: string;
  operation?: string;
  /** The paging style and the vendor's words it was derived from; `assumed` lists what the vendor does not state. */
  paging?: { style: string; vendor: string[]; assumed: string[] };
  /** Phrases people search for (English and Chinese), from the vendor's x-search-aliases. */
  searchAliases?: string[];
  /** The vendor's API version ("v2"), when it states one. */
  version?: string;
  /** The vendor's highlights (danger, warning, info, tip), in its order (`highlightsOf(id)`); absent when it writes none. */
  highlights?: readonly Highlight[];
}

/** A platform (one SDK namespace): names people know it by, for palettes, node lists and help. */
export interface PlatformDocs {
  /** The SDK namespace: "xiaohongshu", "douyinXingtu". */
  id: string;
  /** English and Chinese display names: { en: 'Xiaohongshu (RedNote)', zh: '小红书' }. */
  name: LocalizedText;
  /** Every name the vendor lists for it (English and Chinese): for search boxes and keywords. */
  aliases: string[];
  description: string;
  /** The vendor's platform id (x-platform-id), e.g. "xiaohongshu-rednote". */
  vendorId: string;
}

/** A text as generated: `zh` omitted where the vendor gives English only. */
export interface GeneratedText {
  en: string;
  zh?: string;
}

/** What `pnpm generate` writes beside the runtime catalog for each operation, keyed by id. */
export interface OperationDocs {
  operationId: string;
  summary: GeneratedText;
  description: GeneratedText;
  params: Record<
    string,
    { displayName: string; description: GeneratedText; labels?: Record<string, GeneratedText> }
  >;
  version?: string;
  searchAliases?: string[];
  resource?: string;
  operation?: string;
  paging?: { style: string; vendor: string[]; assumed: string[] };
}
