import type { CompactOperation, EnumOption, OperationSpec, ParamSpec } from './catalog-types.js';

const PARAM =
  /^(@)?([^!:=<>(]+)(!)?(?::([inbd]))?(?:=([^<>(]*))?(?:>(-?[\d.]+))?(?:<(-?[\d.]+))?(?:\((.*)\))?$/;
const TYPES = { i: 'integer', n: 'number', b: 'boolean' } as const;

function typed(type: ParamSpec['type'], raw: string): string | number | boolean {
  if (type === 'integer' || type === 'number') return Number(raw);
  if (type === 'boolean') return raw === 'true';
  return raw;
}

/** One parameter from its compact form (see CompactOperation). */
export function decodeParam(text: string): ParamSpec {
  const m = PARAM.exec(text);
  if (!m) throw new Error(`Bad catalog parameter "${text}".`);
  const [, body, name, required, t, def, min, max, values] = m;
  const type = t && t !== 'd' ? TYPES[t as keyof typeof TYPES] : 'string';
  const p: ParamSpec = { name: name!, in: body ? 'body' : 'query', type, required: Boolean(required) };
  if (t === 'd') p.format = 'date';
  if (def !== undefined) p.default = typed(type, def);
  if (min !== undefined) p.minimum = Number(min);
  if (max !== undefined) p.maximum = Number(max);
  if (values !== undefined) {
    p.enum = values.split('|').map((v): EnumOption => {
      const [value, ...aliases] = v.split('~');
      const val = typed(type, value!) as string | number;
      return aliases.length ? { value: val, aliases } : { value: val };
    });
  }
  return p;
}

/** A platform's operations from their compact form. */
export function decodeOperations(namespace: string, list: readonly CompactOperation[]): OperationSpec[] {
  return list.map(([method, endpoint, params, x]) => {
    const space = endpoint.indexOf(' ');
    const op: OperationSpec = {
      id: `${namespace}.${method}`,
      namespace,
      method,
      httpMethod: endpoint.slice(0, space) as OperationSpec['httpMethod'],
      path: endpoint.slice(space + 1),
      params: params ? params.split(' ').map(decodeParam) : [],
    };
    if (x?.f) op.tokenIn = 'body';
    if (x?.p) op.pagination = x.p;
    if (x?.r) op.record = x.r;
    if (x?.d) op.deprecated = true;
    if (x?.h) op.hidden = true;
    if (x?.s) op.supplementary = true;
    if (x?.a) op.aliases = [...x.a];
    if (x?.k) op.danger = x.k.map(([acknowledge, text]) => ({ acknowledge, text }));
    return op;
  });
}

/**
 * An operation by id ("xiaohongshu.searchUsers"), by an alias ("xiaohongshu.searchUserV2"),
 * or by its legacy resource/operation pair ("user", "search").
 */
export function findOperationIn<T extends OperationSpec>(
  list: readonly T[],
  idOrResource: string,
  operation?: string,
): T {
  const found =
    operation === undefined
      ? list.find(
          (op) => op.id === idOrResource || op.aliases?.some((a) => `${op.namespace}.${a}` === idOrResource),
        )
      : list.find(
          (op) =>
            (op as { resource?: string }).resource === idOrResource &&
            (op as { operation?: string }).operation === operation,
        );
  if (!found) {
    const key = operation === undefined ? idOrResource : `${idOrResource}/${operation}`;
    const ns = key.split('.')[0];
    const near = list.filter((op) => op.namespace === ns).map((op) => op.id);
    throw new Error(
      `Unknown operation "${key}".${near.length ? ` ${ns} has: ${near.join(', ')}.` : ` Namespaces: ${[...new Set(list.map((op) => op.namespace))].join(', ')}.`}`,
    );
  }
  return found;
}
