import { ValidationError, type ValidationReason } from './errors.js';

/** Plain decimal text: Number() would also read "0x10", "1e1" or "0b1". */
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** A number from a number or plain decimal text; NaN for anything else. */
export function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  return typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
}

export interface CountRule {
  /** The smallest allowed value (default 1). */
  min?: number;
  /** Whether Infinity ("no limit") is allowed. */
  infinity?: boolean;
}

/**
 * The one whole-number rule for every count a surface takes (pages, item limits, request budgets,
 * retries, timeouts, queue sizes): undefined when `raw` is a whole number >= min (or an allowed
 * Infinity), else the reason as fields (`integer` or `min`, with the limit) a host words its own way.
 */
export function countProblem(raw: unknown, rule: CountRule = {}): ValidationReason | undefined {
  const min = rule.min ?? 1;
  const n = toNumber(raw);
  if (rule.infinity && n === Infinity) return undefined;
  if (!Number.isSafeInteger(n))
    return {
      kind: 'integer',
      value: raw,
      limit: min,
      text: `must be a whole number >= ${min}, got ${show(raw)}.`,
    };
  if (n < min) return { kind: 'min', value: raw, limit: min, text: `must be >= ${min}, got ${n}.` };
  return undefined;
}

const show = (raw: unknown) => (typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? String(raw)));

/**
 * A count read by the rule above: undefined stays undefined, text becomes a number; anything else
 * throws a ValidationError naming `name` (and the operation when given). Nothing is sent.
 */
export function readCount(
  name: string,
  raw: unknown,
  rule: CountRule = {},
  operation?: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const reason = countProblem(raw, rule);
  if (reason)
    throw new ValidationError(
      `${operation ? `${operation}: ` : ''}${name} ${reason.text}`,
      name,
      operation ? { operation } : {},
      reason,
    );
  return toNumber(raw);
}
