import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { JustOneApiError, ValidationError } from '@justoneapi/sdk/core';

const SHORT: Record<number, string> = {
  100: 'invalid or inactive token', 301: 'collection failed', 302: 'rate limit exceeded', 303: 'daily quota exhausted',
  400: 'invalid parameters', 500: 'server error', 503: 'service unavailable', 600: 'permission denied', 601: 'insufficient balance',
};

/** The n8n error for a failure: NodeOperationError for bad input (nothing was sent), NodeApiError for the API. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (error instanceof ValidationError) {
    return new NodeOperationError(node, error.message, { itemIndex, description: 'Nothing was sent to Just One API. Fix the parameter and run again.' });
  }
  if (error instanceof JustOneApiError) {
    const code = error.code;
    const message = typeof code === 'number' ? `XHS ${code}: ${SHORT[code] ?? 'request failed'}` : `XHS ${String(code).toLowerCase().replace('_', ' ')}`;
    // toJSON carries code, requestId, httpStatus and the vendor message; never the request URL or token.
    return new NodeApiError(node, error.toJSON() as JsonObject, {
      message,
      description: error.message,
      itemIndex,
      ...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
    });
  }
  return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}
