import { operationDocs, platformDocs } from '../generated/docs.js';
import { operationHighlights } from '../generated/highlights.js';
import { operations } from './catalog.js';
import type {
  DocumentedOperation,
  DocumentedParam,
  GeneratedText,
  Highlight,
  LocalizedText,
  OperationDocs,
  OperationSpec,
  PlatformDocs,
} from './catalog-types.js';

export { operationDocs };

/** The vendor's warnings and tips on an operation (x-highlights), in its order; [] when it has none. */
export function highlightsOf(id: string): readonly Highlight[] {
  return operationHighlights[id] ?? [];
}

const text = (t: GeneratedText | undefined, fallback: string): LocalizedText => ({
  en: t?.en ?? fallback,
  zh: t?.zh ?? t?.en ?? fallback,
});

/** An operation with its texts (summary, description, display names, enum labels) merged in. */
export function documentOperation(
  op: OperationSpec,
  docs: OperationDocs | undefined = operationDocs[op.id],
): DocumentedOperation {
  const out: DocumentedOperation = {
    ...op,
    operationId: docs?.operationId ?? op.id,
    summary: text(docs?.summary, op.id),
    description: text(docs?.description, ''),
    params: op.params.map((p): DocumentedParam => {
      const d = docs?.params[p.name];
      const { enum: options, ...rest } = p;
      return {
        ...rest,
        displayName: d?.displayName ?? p.name,
        description: text(d?.description, ''),
        ...(options
          ? {
              enum: options.map((e) => ({
                ...e,
                label: text(d?.labels?.[String(e.value)], String(e.value)),
              })),
            }
          : {}),
      };
    }),
  };
  if (docs?.version) out.version = docs.version;
  if (docs?.searchAliases) out.searchAliases = docs.searchAliases;
  if (docs?.resource) out.resource = docs.resource;
  if (docs?.operation) out.operation = docs.operation;
  if (docs?.paging) out.paging = docs.paging;
  const notes = operationHighlights[op.id];
  if (notes) out.highlights = notes;
  return out;
}

/**
 * The catalog with its texts, for forms, help and AI tools. Validating against it also accepts
 * enum labels as aliases (e.g. oid "美食" or "Food" for homefeed_food_v3).
 */
export const documentedOperations: readonly DocumentedOperation[] = /* @__PURE__ */ operations.map((op) =>
  documentOperation(op),
);

/** Every platform (SDK namespace) with the names people know it by, in namespace order. */
export const documentedPlatforms: readonly PlatformDocs[] = platformDocs;

/** Operations a host should offer for new nodes, jobs or pickers: neither deprecated nor hidden. */
export function offeredOperations<T extends OperationSpec>(list: readonly T[]): T[] {
  return list.filter((op) => !op.deprecated && !op.hidden);
}
