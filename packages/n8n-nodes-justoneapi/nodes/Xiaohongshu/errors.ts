import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { errorTitle, JustOneApiError, ValidationError } from '@justoneapi/sdk/core';

/** The n8n error for a failure: NodeOperationError for bad input (nothing was sent), NodeApiError for the API. */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
  if (error instanceof ValidationError) {
    return new NodeOperationError(node, error.message, {
      itemIndex,
      description: 'Nothing was sent to Just One API. Fix the parameter and run again.',
    });
  }
  if (error instanceof JustOneApiError) {
    const code = error.code;
    const message =
      typeof code === 'number' ? `XHS ${code}: ${errorTitle(error)}` : `XHS ${errorTitle(error)}`;
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
