import type { OperationSpec } from '@justoneapi/sdk/core';

/** The received parameters with defaults filled in, for the data generators. */
export function withDefaults(op: OperationSpec, received: Record<string, string>): Record<string, string> {
  const out = { ...received };
  for (const p of op.params)
    if ((out[p.name] === undefined || out[p.name] === '') && p.default !== undefined)
      out[p.name] = String(p.default);
  return out;
}
