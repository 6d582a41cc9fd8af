import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
  createPager,
  documentedOperations,
  errorTitle,
  executeRequest,
  findOperation,
  prepareRequest,
  toRecord,
  ValidationError,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type OperationSpec,
} from '@justoneapi/sdk/core';
import { RETURN_ALL_MAX_PAGES, pageParam } from './description';
import { toNodeError } from './errors';
import { mapWithConcurrency } from './pool';
import { send, targetOf, wait, type Target } from './transport';

interface ItemOptions {
  concurrency?: unknown;
  maxRetries?: unknown;
  singlePage?: boolean;
  page?: number;
  timeoutMs?: unknown;
}

/** An item whose parameters passed every check: running it sends the paid requests. */
type ItemRun = (stopped: () => boolean) => Promise<INodeExecutionData[]>;

/**
 * A whole-number option within its range; unset (or an empty expression) is the default. Expressions
 * bypass the editor's min/max, and a Timeout of 0 would mean no timeout at all.
 */
function wholeNumber(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ValidationError(`${name} must be a whole number ${range}, got ${JSON.stringify(value)}.`, name);
  }
  return n;
}

/** Reads the operation's parameters for one input item, as the catalog names them. */
function readParams(ctx: IExecuteFunctions, op: OperationSpec, i: number): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of op.params)
    if (p.name !== pageParam(op)) params[p.name] = ctx.getNodeParameter(p.name, i, undefined);
  return params;
}

/** Reads and checks one item's parameters (throws before anything is sent) and returns how to run it. */
function prepareItem(
  ctx: IExecuteFunctions,
  op: OperationSpec,
  { baseUrl, token }: Target,
  i: number,
): ItemRun {
  const options = ctx.getNodeParameter('options', i, {}) as ItemOptions;
  const simplify = ctx.getNodeParameter('simplify', i, true) as boolean;
  const timeoutMs = wholeNumber('Timeout (Ms)', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1000);
  const policy = { maxRetries: wholeNumber('Max Retries', options.maxRetries, DEFAULT_MAX_RETRIES, 0, 5) };
  const call = (params: Record<string, unknown>, stopped: () => boolean) =>
    executeRequest(prepareRequest(op, params, { baseUrl }), {
      send: (req) => send(ctx, req, timeoutMs, stopped),
      sleep: (ms) => wait(ctx, ms),
      policy,
      // Masks the token should the API echo it in a message (n8n adds it to the request, not to this URL).
      secret: token,
      onRetry: (r) =>
        ctx.logger.warn(
          `Just One API ${errorTitle(r.error)}: retry ${r.retry} of ${policy.maxRetries} in ${r.delayMs} ms (item ${i}, ${r.safeUrl})`,
        ),
    });

  const params = readParams(ctx, op, i);
  const out = (item: unknown): INodeExecutionData => ({
    json: (simplify ? toRecord(op, item) : item) as IDataObject,
    pairedItem: { item: i },
  });
  if (!op.pagination) {
    prepareRequest(op, params, { baseUrl });
    return async (stopped) => [out((await call(params, stopped)).data)];
  }
  const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
  const limit = ctx.getNodeParameter('limit', i, 50) as number;
  const startPage = options.page ?? 1;
  const first = prepareRequest(op, { ...params, [op.pagination.pageParam]: startPage }, { baseUrl });
  const pager = createPager(
    op,
    first.params,
    options.singlePage
      ? { startPage, maxPages: 1 }
      : { startPage, maxPages: RETURN_ALL_MAX_PAGES, ...(returnAll ? {} : { maxItems: limit }) },
  );
  return async (stopped) => {
    const results: INodeExecutionData[] = [];
    for (let next = pager.next(); next; next = pager.next()) {
      const env = await call(next, stopped);
      for (const item of pager.accept(env.data).items) results.push(out(item));
    }
    return results;
  };
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = ctx.getInputData();
  const resource = ctx.getNodeParameter('resource', 0) as string;
  const operation = ctx.getNodeParameter('operation', 0) as string;
  // The documented catalog also accepts feed labels ("美食") from expressions.
  const op = findOperation(resource, operation, documentedOperations);
  /** A failed item: with Continue On Fail an error item (the others go on), else the node's error. */
  const failed = (error: unknown, i: number): INodeExecutionData[] => {
    const nodeError = toNodeError(ctx.getNode(), error, i);
    if (!ctx.continueOnFail()) throw nodeError;
    const code = (error as { code?: unknown }).code;
    return [
      {
        json: { error: nodeError.message, code: code ?? null, description: nodeError.description ?? null },
        pairedItem: { item: i },
      },
    ];
  };

  // Everything is checked before the first paid request: the credential and the node-wide
  // Concurrency (a failure there fails every item), then every item's parameters.
  let target: Target;
  let concurrency: number;
  try {
    target = await targetOf(ctx);
    concurrency = wholeNumber(
      'Concurrency',
      (ctx.getNodeParameter('options', 0, {}) as ItemOptions).concurrency,
      3,
      1,
    );
  } catch (error) {
    return [items.flatMap((_, i) => failed(error, i))];
  }
  const runs = items.map((_, i): ItemRun => {
    try {
      return prepareItem(ctx, op, target, i);
    } catch (error) {
      const errorItems = failed(error, i);
      return async () => errorItems;
    }
  });

  const perItem = await mapWithConcurrency(items.length, concurrency, async (i, stopped) => {
    try {
      return await runs[i]!(stopped);
    } catch (error) {
      return failed(error, i);
    }
  });
  return [perItem.flat()];
}
