// Operation lookup by any of its names: used by formulas (=JUSTONEAPI) and by the jobs sheet, so it
// lives on the formula path (jobs.ts is loaded only by the menu and triggers).
import type { OperationSpec } from '@justoneapi/sdk/core';
import { operationById, operationIds } from './catalog';

/** The operation a config row names: its id ("xiaohongshu.searchUsers"), method, or resource ("user", "note"). */
export function operationFor(name: string): OperationSpec | undefined {
  // An exact id decodes only its own platform; other spellings look through every operation.
  const exact = operationById(name.trim());
  if (exact) return exact;
  const n = name.trim().toLowerCase();
  for (const id of operationIds()) {
    const op = operationById(id)!;
    // `resource` ("user", "note"): the two original operations' legacy names, where the catalog has them.
    const resource = (op as { resource?: string }).resource;
    const names = [id, op.method, ...(op.aliases ?? []), resource, resource && `${resource}s`];
    if (names.some((alias) => alias && alias.toLowerCase() === n)) return op;
  }
  return undefined;
}
