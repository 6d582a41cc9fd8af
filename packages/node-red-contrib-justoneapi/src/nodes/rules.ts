// The core's rules without its texts (@justoneapi/sdk/runtime): the core entry would also bring the
// documented catalog (every description) into the runtime and the editor.
import type { OperationSpec, ParamSpec } from '@justoneapi/sdk';
import { validateParams } from '@justoneapi/sdk/runtime';

/**
 * The core's own rule for one value (plain decimals, whole numbers, ranges, enums, required), shared
 * by the runtime and the editor (bundled into the editor as JustOneApiCheck): undefined when valid,
 * else the core's reason.
 */
export function checkParam(p: ParamSpec, raw: unknown): string | undefined {
  const op = { id: '', namespace: '', method: '', httpMethod: 'GET', path: '', params: [p] } as OperationSpec;
  try {
    validateParams(op, { [p.name]: raw });
    return undefined;
  } catch (e) {
    return String((e as Error).message).replace(/^[\w.]*: /, '');
  }
}

/** A whole number >= min, by the core's integer rule (Pages, Limit, Max waiting). */
export const checkCount = (raw: unknown, min: number) =>
  checkParam({ name: 'n', in: 'query', type: 'integer', required: true, minimum: min }, raw);
