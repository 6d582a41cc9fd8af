import type { OperationSpec } from '@justoneapi/sdk';

/** op id -> param -> enum value -> [en, zh]; written by build.mjs from the documented catalog. */
export type EnumLabels = Record<string, Record<string, Record<string, [string, string]>>>;

// Only the enum labels travel in the runtime (not the descriptions): nodes/enum-labels.json.
function load(): EnumLabels {
  try {
    return require('./enum-labels.json') as EnumLabels;
  } catch {
    return {};
  }
}

/** The catalog with enum labels merged in, so the core accepts labels ("food", "美食") as values. */
export function withEnumLabels(list: readonly OperationSpec[], labels: EnumLabels = load()): OperationSpec[] {
  return list.map((op) => {
    const forOp = labels[op.id];
    if (!forOp) return op;
    return {
      ...op,
      params: op.params.map((p) => {
        const l = forOp[p.name];
        if (!l || !p.enum) return p;
        return {
          ...p,
          enum: p.enum.map((e) => {
            const pair = l[String(e.value)];
            return pair ? { ...e, label: { en: pair[0], zh: pair[1] } } : e;
          }),
        };
      }),
    };
  });
}
