import {
  NodeApiError,
  NodeOperationError,
  type INode,
  type INodeProperties,
  type JsonObject,
} from 'n8n-workflow';
import {
  BUSINESS_CODES,
  InvalidResponseError,
  JustOneApiError,
  type ResponseProblem,
  ValidationError,
} from '@justoneapi/sdk/runtime';

/** Headlines for answers that are not a usable envelope, by the core's `problem` field. */
const INVALID_RESPONSE: Record<ResponseProblem, string> = {
  html: 'Just One API sent an error page instead of data',
  'malformed-json': 'Just One API sent a cut-off or malformed answer',
  empty: 'Just One API sent an empty answer',
  'not-json': 'Just One API sent an answer that is not JSON',
  'no-envelope': 'Just One API sent JSON without a business code',
  'null-data': 'Just One API reported success but sent no data',
  'not-a-list': 'Just One API reported success but sent no result list',
};

const NAMED: Record<string, string> = {
  TIMEOUT: 'No answer from Just One API within the timeout',
  CONNECTION: 'Could not reach Just One API',
  ABORTED: 'Stopped before Just One API answered',
};

/**
 * One headline per kind of failure, in plain words: the documented meaning and code for business codes,
 * "undocumented code N" for the others, and what went wrong for answers that are not the API's JSON.
 */
export function headline(error: JustOneApiError): string {
  const { code } = error;
  if (typeof code === 'number') {
    const known = BUSINESS_CODES.find((c) => c.code === code);
    return known ? `${known.meaning} (code ${code})` : `Undocumented Just One API code ${code}`;
  }
  if (error instanceof InvalidResponseError) return INVALID_RESPONSE[error.problem];
  return NAMED[code] ?? error.message;
}

/** What the user sees: the node version's parameters and the chosen operation (its option value). */
export interface Screen {
  properties: readonly INodeProperties[];
  operation?: string;
}

type Field = INodeProperties & { values?: unknown };

/** Every field of a description, those inside collections and fixed collections included. */
function fieldsOf(list: readonly unknown[]): Field[] {
  return list.flatMap((p) => {
    if (!p || typeof p !== 'object') return [];
    const f = p as Field;
    const inner = [
      ...(Array.isArray(f.options) ? f.options : []),
      ...(Array.isArray(f.values) ? f.values : []),
    ];
    return [...('type' in f && 'displayName' in f ? [f] : []), ...fieldsOf(inner)];
  });
}

/** "Video Search (v4): Keyword must not be empty.": the labels on the screen, the core's reason. */
export function inputMessage(error: ValidationError, screen: Screen): string {
  if (!error.param || !error.reason?.text) return error.message;
  const fields = fieldsOf(screen.properties);
  const named = fields.filter((f) => f.name === error.param);
  const field =
    named.find((f) => f.displayOptions?.show?.operation?.includes(screen.operation ?? '')) ?? named[0];
  const option = fields
    .filter((f) => f.name === 'operation')
    .flatMap((f) => (f.options ?? []) as Array<{ name: string; value?: unknown }>)
    .find((o) => o.value === screen.operation);
  const label = `${field?.displayName ?? error.param} ${error.reason.text}`;
  return error.operation && option ? `${option.name}: ${label}` : label;
}

/** The n8n error for a failure: NodeOperationError for bad input (nothing was sent), NodeApiError for the API. */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex: number,
  screen?: Screen,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
  const danger = error instanceof ValidationError ? error.reason?.highlight : undefined;
  if (error instanceof ValidationError && error.reason?.kind === 'danger-unacknowledged' && danger) {
    return new NodeOperationError(node, `The vendor warns: "${danger.text}"`, {
      itemIndex,
      description:
        'Nothing was sent to Just One API. If you still want to call this operation, switch on its Acknowledge field (under the warning) and run again.',
    });
  }
  if (error instanceof ValidationError) {
    return new NodeOperationError(node, screen ? inputMessage(error, screen) : error.message, {
      itemIndex,
      description: error.nothingSent
        ? 'Nothing was sent to Just One API. Fix the parameter and run again.'
        : `The items fetched so far were delivered. ${error.advice ?? 'Fix the parameter and run again.'}`,
    });
  }
  if (error instanceof JustOneApiError) {
    // toJSON carries code, requestId, httpStatus and the vendor message; never the request URL or token.
    return new NodeApiError(node, error.toJSON() as JsonObject, {
      message: headline(error),
      description: error.message,
      itemIndex,
      ...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
    });
  }
  return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}
