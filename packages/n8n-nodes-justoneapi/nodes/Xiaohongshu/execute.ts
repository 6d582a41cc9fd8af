import { type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import {
  createPager, documentedOperations, errorTitle, executeRequest, findOperation, prepareRequest, toRecord,
  DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type OperationSpec,
} from '@justoneapi/sdk/core';
import { RETURN_ALL_MAX_PAGES, pageParam } from './description';
import { toNodeError } from './errors';
import { mapWithConcurrency } from './pool';
import { baseUrlOf, send, wait } from './transport';

interface ItemOptions {
  concurrency?: number;
  maxRetries?: number;
  singlePage?: boolean;
  page?: number;
  timeoutMs?: number;
}

/** Reads the operation's parameters for one input item, as the catalog names them. */
function readParams(ctx: IExecuteFunctions, op: OperationSpec, i: number): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of op.params) if (p.name !== pageParam(op)) params[p.name] = ctx.getNodeParameter(p.name, i, undefined);
  return params;
}

async function runItem(ctx: IExecuteFunctions, op: OperationSpec, baseUrl: string, i: number): Promise<INodeExecutionData[]> {
  const options = ctx.getNodeParameter('options', i, {}) as ItemOptions;
  const simplify = ctx.getNodeParameter('simplify', i, true) as boolean;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = { maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES };
  const call = (params: Record<string, unknown>) =>
    executeRequest(prepareRequest(op, params, { baseUrl }), {
      send: (req) => send(ctx, req, timeoutMs),
      sleep: (ms) => wait(ctx, ms),
      policy,
      // safeUrl has no token (n8n adds it to the request, not to this URL; redacted anyway).
      onRetry: (r) => ctx.logger.warn(`Just One API ${errorTitle(r.error)}: retry ${r.retry} of ${policy.maxRetries} in ${r.delayMs} ms (item ${i}, ${r.safeUrl})`),
    });

  const params = readParams(ctx, op, i);
  const out = (item: unknown): INodeExecutionData => ({ json: (simplify ? toRecord(op, item) : item) as IDataObject, pairedItem: { item: i } });
  if (!op.pagination) {
    const env = await call(params);
    return [out(env.data)];
  }
  const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
  const limit = ctx.getNodeParameter('limit', i, 50) as number;
  const startPage = options.page ?? 1;
  // Validate everything before the first paid request.
  const first = prepareRequest(op, { ...params, [op.pagination.pageParam]: startPage }, { baseUrl });
  const pager = createPager(op, first.params, options.singlePage
    ? { startPage, maxPages: 1 }
    : { startPage, maxPages: RETURN_ALL_MAX_PAGES, ...(returnAll ? {} : { maxItems: limit }) });
  const results: INodeExecutionData[] = [];
  for (let next = pager.next(); next; next = pager.next()) {
    const env = await call(next);
    for (const item of pager.accept(env.data).items) results.push(out(item));
  }
  return results;
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = ctx.getInputData();
  const resource = ctx.getNodeParameter('resource', 0) as string;
  const operation = ctx.getNodeParameter('operation', 0) as string;
  // The documented catalog also accepts feed labels ("美食") from expressions.
  const op = findOperation(resource, operation, documentedOperations);
  const baseUrl = await baseUrlOf(ctx);
  const concurrency = Math.max(1, Math.floor(((ctx.getNodeParameter('options', 0, {}) as ItemOptions).concurrency ?? 3)));

  const perItem = await mapWithConcurrency(items.length, concurrency, async (i) => {
    try {
      return await runItem(ctx, op, baseUrl, i);
    } catch (error) {
      const nodeError = toNodeError(ctx.getNode(), error, i);
      if (ctx.continueOnFail()) {
        const code = (error as { code?: unknown }).code;
        return [{ json: { error: nodeError.message, code: code ?? null, description: nodeError.description ?? null }, pairedItem: { item: i } }];
      }
      throw nodeError;
    }
  });
  return [perItem.flat()];
}
