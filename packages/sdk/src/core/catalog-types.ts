/** A text in English and Simplified Chinese. */
export interface LocalizedText {
  en: string;
  zh: string;
}

export interface EnumOption {
  value: string | number;
  /** Present in `documentedOperations`; the runtime catalog carries values only. */
  label?: LocalizedText;
}

/** One request parameter (the `token` is never one: it is added by the transport). */
export interface ParamSpec {
  name: string;
  in: 'query' | string;
  type: 'string' | 'integer' | 'number' | 'boolean' | string;
  required: boolean;
  default?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  enum?: EnumOption[];
}

export interface PaginationSpec {
  /** The parameter that carries the 1-based page number. */
  pageParam: string;
  /** Dot path to the item list inside `data`; empty when `data` itself is the list. */
  itemsPath: string;
  /** Field of an item that identifies it, used to de-duplicate across pages. */
  itemId: string;
  /** Dot path inside `data` to a boolean that is false on the last page, where the API sends one. */
  hasMorePath?: string;
}

/**
 * One API operation as a request needs it, read by `pnpm generate` from specs/. Texts for
 * people (summary, descriptions, labels) are in `documentedOperations`, kept out of the client bundle.
 */
export interface OperationSpec {
  /** "namespace.method", e.g. "xiaohongshu.searchUsers". */
  id: string;
  namespace: string;
  method: string;
  /** UI grouping for plugins: resource ("user") and operation ("search"). */
  resource: string;
  operation: string;
  httpMethod: string;
  path: string;
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

/** An operation with its texts for forms, help and AI tools. */
export interface DocumentedOperation extends OperationSpec {
  operationId: string;
  summary: LocalizedText;
  description: LocalizedText;
  params: DocumentedParam[];
  /** Phrases people search for (English and Chinese), from the vendor's x-search-aliases. */
  searchAliases?: string[];
  /** The vendor's API version ("v2"), when it states one. */
  version?: string;
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
}

/** What `pnpm generate` writes beside the runtime catalog for each operation, keyed by id. */
export interface OperationDocs {
  operationId: string;
  summary: LocalizedText;
  description: LocalizedText;
  params: Record<
    string,
    { displayName: string; description: LocalizedText; labels?: Record<string, LocalizedText> }
  >;
}
