// The catalog as this bundle reads it. The build replaces this module with a compact, lazy copy of
// the same data (scripts/catalog-module.mjs): each operation is a JSON string parsed only when a
// formula or job names it, and the texts for people (summaries, descriptions) are parsed only by the
// reference sheet, so a formula's cold start does not grow with the catalog.
import {
  documentedOperations,
  documentedPlatforms,
  type DocumentedOperation,
  type OperationSpec,
  type PlatformDocs,
} from '@justoneapi/sdk/core';

/** An operation (with its enum labels, so "美食" or "food" resolve) by id or alias, or undefined. */
export function operationById(id: string): OperationSpec | undefined {
  return documentedOperations.find((op) => op.id === id);
}

/** Every operation id. */
export function operationIds(): string[] {
  return documentedOperations.map((op) => op.id);
}

/** Every operation with its texts, and every platform: for the reference sheet only. */
export function documented(): {
  operations: readonly DocumentedOperation[];
  platforms: readonly PlatformDocs[];
} {
  return { operations: documentedOperations, platforms: documentedPlatforms };
}
