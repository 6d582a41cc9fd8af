import type { OperationSpec, ParamSpec } from './catalog-types.js';
import { ValidationError, type ValidationReason } from './errors.js';
import { toNumber } from './count.js';

export type ParamValue = string | number | boolean;
export type Params = Record<string, unknown>;

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The candidate closest to `input`, if it is close enough to be a typo. */
export function closest(
  input: string,
  candidates: ReadonlyArray<{ value: string; aliases: string[] }>,
): string | undefined {
  const needle = input.toLowerCase();
  let best: { value: string; d: number } | undefined;
  for (const c of candidates) {
    for (const alias of [c.value, ...c.aliases]) {
      const d = distance(needle, alias.toLowerCase());
      if (!best || d < best.d) best = { value: c.value, d };
    }
  }
  return best && best.d <= Math.max(2, Math.floor(needle.length / 3)) ? best.value : undefined;
}

function enumAliases(p: ParamSpec) {
  return (p.enum ?? []).map((o) => ({
    value: String(o.value),
    aliases: [...(o.aliases ?? []), ...(o.label ? [o.label.en, o.label.zh] : [])],
  }));
}

function describeEnum(values: string[]): string {
  return values.length > 8
    ? `${values.slice(0, 8).join(', ')} … (${values.length} in all)`
    : values.join(', ');
}

/** Resolves an enum input: the exact value, or an alias / label ("food", "美食" -> "homefeed_food_v3"). */
function resolveEnum(p: ParamSpec, input: string, op: OperationSpec): string | number {
  const options = enumAliases(p);
  const exact =
    options.find((o) => o.value === input) ??
    options.find((o) => o.value.toLowerCase() === input.toLowerCase());
  if (exact) return typeof p.enum![0]!.value === 'number' ? Number(exact.value) : exact.value;
  const folded = input.toLowerCase().replace(/[\s-]+/g, '_');
  const byAlias = options.find((o) =>
    o.aliases.some((a) => a.toLowerCase().replace(/[\s-]+/g, '_') === folded),
  );
  if (byAlias) return typeof p.enum![0]!.value === 'number' ? Number(byAlias.value) : byAlias.value;
  const guess = closest(input, options);
  const valid = options.map((o) => o.value);
  throw new ValidationError(
    `${op.id}: "${input}" is not a valid ${p.name}.${guess ? ` Did you mean "${guess}"?` : ''} Valid values: ${describeEnum(valid)}.`,
    p.name,
    { operation: op.id },
    {
      kind: 'enum',
      value: input,
      valid,
      guess,
      text: `does not accept "${input}".${guess ? ` Did you mean "${guess}"?` : ''} Valid values: ${describeEnum(valid)}.`,
    },
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Zero-width and other invisible characters that trim() keeps: a keyword of only these is empty. */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad]/g;

function checkValue(p: ParamSpec, raw: unknown, op: OperationSpec): ParamValue {
  const fail = (why: string, kind: ValidationReason['kind'], limit?: number) =>
    new ValidationError(
      `${op.id}: ${p.name} ${why}`,
      p.name,
      { operation: op.id },
      { kind, value: raw, limit, text: why },
    );
  if (p.type === 'integer' || p.type === 'number') {
    const n = toNumber(raw);
    if (!Number.isFinite(n) || (p.type === 'integer' && !Number.isSafeInteger(n))) {
      throw fail(
        `must be ${p.type === 'integer' ? 'a whole number' : 'a number'}${p.minimum !== undefined ? ` >= ${p.minimum}` : ''}, got ${JSON.stringify(raw)}.`,
        p.type,
        p.minimum,
      );
    }
    if (p.minimum !== undefined && n < p.minimum)
      throw fail(`must be >= ${p.minimum}, got ${n}.`, 'min', p.minimum);
    if (p.maximum !== undefined && n > p.maximum)
      throw fail(`must be <= ${p.maximum}, got ${n}.`, 'max', p.maximum);
    return p.enum ? resolveEnum(p, String(n), op) : n;
  }
  if (p.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw fail(`must be true or false, got ${JSON.stringify(raw)}.`, 'boolean');
  }
  if (typeof raw !== 'string' && typeof raw !== 'number')
    throw fail(`must be text, got ${raw === null ? 'null' : typeof raw}.`, 'text');
  const text = String(raw).trim();
  if (text.replace(INVISIBLE, '') === '') throw fail('must not be empty.', 'empty');
  if (p.format === 'date' && !(DATE.test(text) && !Number.isNaN(Date.parse(text)))) {
    throw fail(`must be a date written yyyy-MM-dd, got ${JSON.stringify(raw)}.`, 'date');
  }
  return p.enum ? resolveEnum(p, text, op) : text;
}

export interface ValidateOptions {
  /** Names of the vendor's danger highlights the caller accepts (`op.danger[].acknowledge`). */
  acknowledge?: readonly string[] | string;
}

const ackName = (s: string) => s.trim().toLowerCase().replace(/_/g, '-');

/**
 * Refuses an operation the vendor marks 'danger' (e.g. "Direct calls to this endpoint do not fetch
 * product data") unless each such highlight is acknowledged by name: a paid call that cannot return data.
 */
export function checkAcknowledged(op: OperationSpec, acknowledge: ValidateOptions['acknowledge']): void {
  const given = (typeof acknowledge === 'string' ? [acknowledge] : (acknowledge ?? [])).map(ackName);
  const missing = op.danger?.find((h) => !given.includes(h.acknowledge));
  if (!missing) return;
  throw new ValidationError(
    `${op.id}: the vendor warns "${missing.text}" Nothing was sent. To call it anyway, acknowledge "${missing.acknowledge}".`,
    undefined,
    { operation: op.id },
    { kind: 'danger-unacknowledged', highlight: missing },
  );
}

/**
 * Checks params against the catalog and returns them normalized: trimmed, typed, defaults filled in,
 * unknown names rejected, the vendor's danger highlights acknowledged. Throws ValidationError before
 * anything is sent.
 */
export function validateParams(
  op: OperationSpec,
  params: Params | undefined,
  options: ValidateOptions = {},
): Record<string, ParamValue> {
  checkAcknowledged(op, options.acknowledge);
  const input = params ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError(`${op.id}: parameters must be an object.`, undefined, { operation: op.id });
  }
  const known = op.params.map((p) => p.name);
  for (const name of Object.keys(input)) {
    if (name === 'token') {
      throw new ValidationError(
        `${op.id}: pass the token to the client (or credential), not as a parameter.`,
        'token',
        { operation: op.id },
      );
    }
    if (!known.includes(name) && input[name] !== undefined) {
      const guess = closest(
        name,
        known.map((value) => ({ value, aliases: [] })),
      );
      throw new ValidationError(
        `${op.id}: unknown parameter "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Expected: ${known.join(', ')}.`,
        name,
        { operation: op.id },
        {
          kind: 'unknown',
          valid: known,
          guess,
          text: `is not a parameter of this operation.${guess ? ` Did you mean "${guess}"?` : ''}`,
        },
      );
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const p of op.params) {
    const raw = input[p.name];
    if (raw === undefined || raw === null || (raw === '' && !p.required)) {
      if (p.required)
        throw new ValidationError(
          `${op.id}: ${p.name} is required.`,
          p.name,
          { operation: op.id },
          { kind: 'required', text: 'is required.' },
        );
      if (p.default !== undefined) out[p.name] = p.default;
      continue;
    }
    out[p.name] = checkValue(p, raw, op);
  }
  return out;
}

/**
 * The first problem with parameters as they arrive on the wire (all text), in the vendor's words, or
 * undefined: what a server answers with code 400. The sandbox uses it; it does not resolve aliases.
 */
export function wireParamProblem(op: OperationSpec, received: Record<string, string>): string | undefined {
  for (const p of op.params) {
    const raw = received[p.name];
    if (raw === undefined || raw === '') {
      if (p.required) return `param ${p.name} is required`;
      continue;
    }
    if (p.type === 'integer' && !/^-?\d+$/.test(raw)) return `param ${p.name} not right: must be an integer`;
    if (p.type === 'number' && Number.isNaN(toNumber(raw)))
      return `param ${p.name} not right: must be a number`;
    if (p.type === 'boolean' && raw !== 'true' && raw !== 'false')
      return `param ${p.name} not right: must be true or false`;
    const n = Number(raw);
    if (p.minimum !== undefined && n < p.minimum) return `param ${p.name} not right: must be >= ${p.minimum}`;
    if (p.maximum !== undefined && n > p.maximum) return `param ${p.name} not right: must be <= ${p.maximum}`;
    if (p.enum && !p.enum.some((e) => String(e.value) === raw))
      return `param ${p.name} not right: unknown value ${raw}`;
  }
  return undefined;
}
