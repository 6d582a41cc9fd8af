import { executeRequestSync, JustOneApiError, prepareRequest, type OperationSpec, type Envelope } from '@justoneapi/sdk/core';
import { baseUrl, requireToken } from './settings';
import { send } from './transport';

/** "XHS 303: daily quota exhausted. …": the short text a cell or a status line shows. */
export function describeError(err: unknown, token?: string | null): string {
  let text: string;
  if (err instanceof JustOneApiError) {
    const what = err.message.replace(/^Just One API code \d+: /, '');
    text = typeof err.code === 'number' ? `XHS ${err.code}: ${what}` : `XHS ${String(err.code).toLowerCase()}: ${what}`;
  } else {
    text = err instanceof Error ? err.message : String(err);
  }
  return token ? text.split(token).join('***') : text;
}

/** Validates, sends and retries one request synchronously (Utilities.sleep between attempts). */
export function callSync(op: OperationSpec, params: Record<string, unknown>, maxRetries: number): Envelope {
  const req = prepareRequest(op, params, { baseUrl: baseUrl(), token: requireToken() });
  const token = requireToken();
  return executeRequestSync(req, { send: (r) => send(r, token), sleep: (ms) => Utilities.sleep(ms), policy: { maxRetries }, now: () => Date.now() });
}
