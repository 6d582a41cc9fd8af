import {
  executeRequestSync,
  prepareRequest,
  type Envelope,
  type OperationSpec,
  type RetryPolicy,
  type ValidateOptions,
} from '@justoneapi/sdk/core';
import { send } from './transport';

/**
 * Validates, sends and retries one request synchronously (Utilities.sleep between attempts). A retry
 * whose wait would end after `deadline` is skipped: the error is thrown instead.
 * The token is passed as `secret`, so an API message that echoes it comes back masked.
 */
export function callSync(
  op: OperationSpec,
  params: Record<string, unknown>,
  target: { baseUrl: string; token: string },
  policy: RetryPolicy,
  deadline: number,
  validate: ValidateOptions = {},
): Envelope {
  const req = prepareRequest(op, params, target, validate);
  return executeRequestSync(req, {
    send: (r) => send(r, target.token),
    sleep: (ms) => Utilities.sleep(ms),
    policy,
    now: () => Date.now(),
    deadline,
    secret: target.token,
  });
}
