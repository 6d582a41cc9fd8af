// Bundled for the browser as the global JustOneApiCheck: the editor validates with the core's rules
// (@justoneapi/sdk/runtime: the rules without the documented catalog's texts) and words their reasons
// as the runtime does (validationDetail).
import type { OperationSpec, ParamSpec, ValidationError } from '@justoneapi/sdk';
import { validateParams } from '@justoneapi/sdk/runtime';

export { countProblem, estimateRequests } from '@justoneapi/sdk/runtime';
export { validationDetail } from '../nodes/validation-text.js';

/** The core's rule for one value (plain decimals, whole numbers, ranges, enums): its ValidationError, or undefined. */
export function paramProblem(p: ParamSpec, raw: unknown): ValidationError | undefined {
  const op = { id: '', namespace: '', method: '', httpMethod: 'GET', path: '', params: [p] } as OperationSpec;
  try {
    validateParams(op, { [p.name]: raw });
    return undefined;
  } catch (e) {
    return e as ValidationError;
  }
}
