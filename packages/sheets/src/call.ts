import {
  executeRequestSync,
  JustOneApiError,
  prepareRequest,
  type Envelope,
  type OperationSpec,
  type RetryPolicy,
} from '@justoneapi/sdk/core';
import { baseUrl, requireToken } from './settings';
import { send } from './transport';

/** "XHS 303: daily quota exhausted. …": the short text a cell or a status line shows. */
export function describeError(err: unknown): string {
  if (!(err instanceof JustOneApiError)) return err instanceof Error ? err.message : String(err);
  const what = err.message.replace(/^Just One API code \d+: /, '');
  return typeof err.code === 'number'
    ? `XHS ${err.code}: ${what}`
    : `XHS ${String(err.code).toLowerCase()}: ${what}`;
}

/**
 * Validates, sends and retries one request synchronously (Utilities.sleep between attempts). A retry
 * whose wait would end more than `deadlineMs` after the start is skipped: the error is thrown instead.
 * The token is passed as `secret`, so an API message that echoes it comes back masked.
 */
export function callSync(
  op: OperationSpec,
  params: Record<string, unknown>,
  policy: RetryPolicy,
  deadlineMs: number,
): Envelope {
  const token = requireToken();
  const req = prepareRequest(op, params, { baseUrl: baseUrl(), token });
  return executeRequestSync(req, {
    send: (r) => send(r, token),
    sleep: (ms) => Utilities.sleep(ms),
    policy,
    now: () => Date.now(),
    deadline: Date.now() + deadlineMs,
    secret: token,
  });
}
