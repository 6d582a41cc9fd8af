import { operations } from '../generated/catalog.js';
import type { OperationSpec } from './catalog-types.js';

export { operations };

/** An operation by id ("xiaohongshu.searchUsers") or by resource/operation ("user", "search"). */
export function findOperation<T extends OperationSpec = OperationSpec>(
  idOrResource: string,
  operation?: string,
  list: readonly T[] = operations as readonly T[],
): T {
  const found =
    operation === undefined
      ? list.find((op) => op.id === idOrResource)
      : list.find((op) => op.resource === idOrResource && op.operation === operation);
  if (!found) {
    const key = operation === undefined ? idOrResource : `${idOrResource}/${operation}`;
    throw new Error(`Unknown operation "${key}". Known: ${list.map((op) => op.id).join(', ')}.`);
  }
  return found;
}
