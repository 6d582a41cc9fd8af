import { platforms } from '../generated/catalog/index.js';
import { decodeOperations, findOperationIn } from './catalog-decode.js';
import type { OperationSpec } from './catalog-types.js';

export * from './catalog-decode.js';

/** Every operation of every platform in specs/. */
export const operations: readonly OperationSpec[] = /* @__PURE__ */ Object.entries(platforms).flatMap(
  ([ns, list]) => decodeOperations(ns, list),
);

/**
 * An operation by id ("xiaohongshu.searchUsers"), by an alias ("xiaohongshu.searchUserV2"),
 * or by its legacy resource/operation pair ("user", "search") in a documented list.
 */
export function findOperation<T extends OperationSpec = OperationSpec>(
  idOrResource: string,
  operation?: string,
  list: readonly T[] = operations as readonly T[],
): T {
  return findOperationIn(list, idOrResource, operation);
}
