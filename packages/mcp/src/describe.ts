import {
  closest,
  type DocumentedOperation,
  documentedOperations,
  findOperation,
  highlightsOf,
  pagingParams,
  recordColumns,
  ValidationError,
} from '@justoneapi/sdk/core';

const MAX_ENUM = 40;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** An operation by id or alias; an unknown id is a validation error that names the nearest one. */
export function operationById(id: string): DocumentedOperation {
  try {
    return findOperation(id.trim(), undefined, documentedOperations);
  } catch {
    const guess = closest(
      id,
      documentedOperations.map((op) => ({ value: op.id, aliases: [] })),
    );
    throw new ValidationError(
      `Unknown operation "${id}".${guess ? ` Did you mean "${guess}"?` : ''} Find ids with search_operations.`,
      'operation',
    );
  }
}

/** Everything needed to call an operation: its parameters (types, enums with labels, defaults), paging, the vendor's notes. */
export function describeOperation(op: DocumentedOperation): Record<string, unknown> {
  const paging = pagingParams(op);
  const params = op.params.map((p) => {
    const out: Record<string, unknown> = { name: p.name, type: p.format ?? p.type };
    if (p.required) out.required = true;
    if (p.default !== undefined && p.default !== '') out.default = p.default;
    if (p.minimum !== undefined) out.min = p.minimum;
    if (p.maximum !== undefined) out.max = p.maximum;
    if (paging.includes(p.name)) out.paging = true;
    if (p.enum) {
      out.enum = p.enum.slice(0, MAX_ENUM).map((e) => {
        const label = e.label.en === String(e.value) ? '' : e.label.en;
        const zh = e.label.zh !== e.label.en ? e.label.zh : '';
        return [label, zh].filter(Boolean).length
          ? `${e.value} (${[label, zh].filter(Boolean).join(' / ')})`
          : e.value;
      });
      if (p.enum.length > MAX_ENUM) out.enum_count = p.enum.length;
    }
    if (p.description.en) out.description = cut(p.description.en, 240);
    return out;
  });
  const columns = recordColumns(op);
  const notes = highlightsOf(op.id);
  return {
    id: op.id,
    summary: op.summary.zh !== op.summary.en ? `${op.summary.en} / ${op.summary.zh}` : op.summary.en,
    ...(op.description.en ? { description: cut(op.description.en, 600) } : {}),
    request: `${op.httpMethod} ${op.path}${op.httpMethod === 'POST' ? ' (form body)' : ''}`,
    params,
    paging: op.pagination
      ? {
          style: op.paging?.style,
          params: paging,
          item_id: op.pagination.id ?? 'none documented: pass item_id for only_new',
        }
      : false,
    ...(columns ? { columns } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(notes.length ? { notes: notes.map((h) => `${h.type}: ${h.content}`) } : {}),
  };
}
