// Whole-number settings (Max Pages, Limit, Timeout, Items per Batch ...) read through the core's one rule
// (countProblem), its reason worded here for the node. Unset (or an empty expression) is the default:
// expressions bypass the editor's min/max, and a Timeout of 0 would mean no timeout at all.
import { countProblem, toNumber, ValidationError, type ValidationReason } from '@justoneapi/sdk/runtime';

const shown = (v: unknown) => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

/** The node's words for a count's problem (any kind: integer, min, max), from its fields and the range. */
export function countWords(reason: ValidationReason, min: number, max?: number): string {
  const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
  return `must be a whole number ${range}, got ${shown(reason.value)}.`;
}

/** A whole-number setting `name` (the node's parameter name, labelled on screen by errors.ts). */
export function readSetting(name: string, raw: unknown, fallback: number, min: number, max?: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const reason: ValidationReason | undefined =
    countProblem(raw, { min }) ??
    (max !== undefined && toNumber(raw) > max ? { kind: 'max', value: raw, limit: max } : undefined);
  if (!reason) return toNumber(raw);
  const text = countWords(reason, min, max);
  throw new ValidationError(`${name} ${text}`, name, {}, { ...reason, text });
}
