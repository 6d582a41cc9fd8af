import { ENUM_LABELS } from '../generated/labels.js';
import { operations } from './catalog.js';
import type { LocalizedText, OperationSpec } from './catalog-types.js';

/** An operation with its enum labels (and legacy resource/operation), but none of the long texts. */
export type LabelledOperation = OperationSpec & { resource?: string; operation?: string };

/**
 * The catalog with enum labels merged in, for host runtimes (n8n, Node-RED, Apps Script) that must
 * accept "美食" or "Food" as an enum value but need not carry every description (documentedOperations
 * has those, for editors and help).
 */
export const labelledOperations: readonly LabelledOperation[] = /* @__PURE__ */ operations.map((op) => {
  const l = ENUM_LABELS[op.id];
  if (!l) return op;
  return {
    ...op,
    ...(l.resource ? { resource: l.resource, operation: l.operation } : {}),
    params: op.params.map((p) => {
      const labels = l.params[p.name];
      if (!labels || !p.enum) return p;
      return {
        ...p,
        enum: p.enum.map((e) => {
          const t = labels[String(e.value)];
          const label: LocalizedText | undefined = t ? { en: t.en, zh: t.zh ?? t.en } : undefined;
          return label ? { ...e, label } : e;
        }),
      };
    }),
  };
});
