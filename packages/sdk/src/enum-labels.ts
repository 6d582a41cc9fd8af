import type { OperationSpec } from './core/catalog-types.js';
import type { Params } from './core/params.js';

/** Whether a value given for an enum parameter is none of its values or aliases (it may be a label). */
function unlisted(op: OperationSpec, params: Params | undefined): boolean {
  return op.params.some((p) => {
    const v = params?.[p.name];
    if (!p.enum || v === undefined || v === null) return false;
    const given = String(v).trim().toLowerCase();
    return !p.enum.some((e) =>
      [String(e.value), ...(e.aliases ?? [])].some((a) => a.toLowerCase() === given),
    );
  });
}

/**
 * The operation with its enum labels ("Last 7 days", "美国") when a given enum value is not one of its
 * values: the one resolver (validateParams) then accepts labels as the CLI and every host do. The labels
 * are loaded only then, so a client that passes values never carries them.
 */
export async function withEnumLabels(op: OperationSpec, params: Params | undefined): Promise<OperationSpec> {
  if (!unlisted(op, params)) return op;
  const { labelledOperations } = await import('./core/labels.js');
  const found = labelledOperations.find((o) => o.id === op.id);
  // A host's own catalog (supplementary operations) may hold labels already: keep its operation then.
  return found && found.path === op.path ? { ...op, params: found.params } : op;
}
