// Configurations that failed for good, remembered in this n8n process so that n8n's own activation retries
// (n8n 2.40: up to 5 attempts, 1-8 s apart; older hosts: again and again with growing waits) do not pay
// for the same failure again. Keyed by workflow, node, the node's parameters and a hash of the token: any
// change to the settings or the credential's token is a new configuration and polls again.
import { createHash } from 'node:crypto';
import type { INode } from 'n8n-workflow';
import {
  InvalidParamsError,
  InvalidTokenError,
  ValidationError,
  type JustOneApiError,
} from '@justoneapi/sdk/runtime';
import { canonical } from './versioning';

const failed = new Map<string, string>();
/** Configurations remembered at most (the oldest is forgotten first). */
const MAX_REMEMBERED = 1000;

export function configurationKey(workflowId: string | undefined, node: INode, token: string): string {
  const what = [workflowId ?? '', node.id ?? node.name, canonical(node.parameters), token].join('\n');
  return createHash('sha256').update(what).digest('hex');
}

/**
 * A failure that no retry can mend while the settings stay as they are: a page where no item has the
 * Item ID Field (the core's ValidationError after a request), invalid parameters (400), a bad token (100).
 */
export function isConfigurationError(error: unknown): error is ValidationError | JustOneApiError {
  return (
    (error instanceof ValidationError && error.param === 'itemId') ||
    error instanceof InvalidParamsError ||
    error instanceof InvalidTokenError
  );
}

export function rememberFailure(key: string, message: string): void {
  failed.delete(key);
  failed.set(key, message);
  if (failed.size > MAX_REMEMBERED) failed.delete(failed.keys().next().value!);
}

/** The message of this configuration's earlier failure, if it failed before. */
export function earlierFailure(key: string): string | undefined {
  return failed.get(key);
}
