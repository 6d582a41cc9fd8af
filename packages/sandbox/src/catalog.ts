import { type DocumentedOperation, documentedOperations } from '@justoneapi/sdk/core';

/** An operation as the sandbox serves it: the SDK's own documented catalog (no copy). */
export type SandboxOperation = DocumentedOperation;

export const defaultOperations: readonly SandboxOperation[] = documentedOperations;
