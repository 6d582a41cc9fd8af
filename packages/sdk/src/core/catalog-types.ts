/** A text in English and Simplified Chinese. */
export interface LocalizedText {
  en: string;
  zh: string;
}

export interface EnumOption {
  value: string | number;
  label: LocalizedText;
}

/** One request parameter (the `token` is never one: it is added by the transport). */
export interface ParamSpec {
  name: string;
  /** Label for forms ("Feed" for oid), from the spec's x-display-name. */
  displayName: string;
  in: 'query' | string;
  type: 'string' | 'integer' | 'number' | 'boolean' | string;
  required: boolean;
  description: LocalizedText;
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

/** One API operation, as `pnpm generate` reads it from specs/. Its long description is in `operationDescriptions`. */
export interface OperationSpec {
  /** "namespace.method", e.g. "xiaohongshu.searchUsers". */
  id: string;
  operationId: string;
  namespace: string;
  method: string;
  /** UI grouping for plugins: resource ("user") and operation ("search"). */
  resource: string;
  operation: string;
  httpMethod: string;
  path: string;
  summary: LocalizedText;
  params: ParamSpec[];
  pagination?: PaginationSpec;
  /** Which flat record shape the items map to ("user", "note"); absent: generic flattening. */
  record?: string;
}
