import { operationDocs } from '../generated/docs.js';
import { operations } from './catalog.js';
import type {
  DocumentedOperation,
  DocumentedParam,
  OperationDocs,
  OperationSpec,
  PlatformDocs,
} from './catalog-types.js';

export { operationDocs };

/** An operation with its texts (summary, description, display names, enum labels) merged in. */
export function documentOperation(
  op: OperationSpec,
  docs: OperationDocs | undefined = operationDocs[op.id],
): DocumentedOperation {
  const text = (en: string) => ({ en, zh: en });
  return {
    ...op,
    operationId: docs?.operationId ?? op.id,
    summary: docs?.summary ?? text(op.id),
    description: docs?.description ?? text(''),
    params: op.params.map((p): DocumentedParam => {
      const d = docs?.params[p.name];
      const { enum: options, ...rest } = p;
      return {
        ...rest,
        displayName: d?.displayName ?? p.name,
        description: d?.description ?? text(''),
        ...(options
          ? {
              enum: options.map((e) => ({
                ...e,
                label: d?.labels?.[String(e.value)] ?? text(String(e.value)),
              })),
            }
          : {}),
      };
    }),
  };
}

/**
 * The catalog with its texts, for forms, help and AI tools. Validating against it also accepts
 * enum labels as aliases (e.g. oid "美食" or "food" for homefeed_food_v3).
 */
export const documentedOperations: readonly DocumentedOperation[] = operations.map((op) =>
  documentOperation(op),
);

/**
 * Every platform (SDK namespace) with the names people know it by. Placeholder until the catalog
 * generator writes it from the vendor's tags (x-platform-aliases).
 */
export const documentedPlatforms: readonly PlatformDocs[] = [
  {
    id: 'xiaohongshu',
    name: { en: 'Xiaohongshu (RedNote)', zh: '小红书' },
    aliases: ['Xiaohongshu', 'RedNote', 'XHS', '小红书'],
    description: 'Xiaohongshu (RedNote) notes, users, comments and search.',
  },
];
