import type { SandboxOperation } from './catalog.js';

/** Checks a request's query against the operation, like the vendor: the first bad parameter, or undefined. */
export function paramProblem(op: SandboxOperation, query: Record<string, string>): string | undefined {
  for (const p of op.params) {
    const raw = query[p.name];
    if (raw === undefined || raw === '') {
      if (p.required) return `param ${p.name} is required`;
      continue;
    }
    if (p.type === 'integer') {
      if (!/^-?\d+$/.test(raw)) return `param ${p.name} not right: must be an integer`;
      const n = Number(raw);
      if (p.minimum !== undefined && n < p.minimum)
        return `param ${p.name} not right: must be >= ${p.minimum}`;
      if (p.maximum !== undefined && n > p.maximum)
        return `param ${p.name} not right: must be <= ${p.maximum}`;
    }
    if (p.enum && !p.enum.some((e) => String(e.value) === raw))
      return `param ${p.name} not right: unknown value ${raw}`;
  }
  return undefined;
}

/** The query with defaults filled in, for the data generators. */
export function withDefaults(op: SandboxOperation, query: Record<string, string>): Record<string, string> {
  const out = { ...query };
  for (const p of op.params)
    if ((out[p.name] === undefined || out[p.name] === '') && p.default !== undefined)
      out[p.name] = String(p.default);
  return out;
}
