// The one execution path of every node version: read and check every item (zero requests on bad
// input), then run the items (legacy v1: a pool with the first item's Concurrency; newer versions:
// Options > Batching read per item), paging each item through the core's pager.
import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  NodeExecutionHint,
} from 'n8n-workflow';
import {
  AbortedError,
  createPager,
  labelledOperations,
  errorTitle,
  executeRequest,
  findOperation,
  pagingParams,
  prepareRequest,
  ValidationError,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type OperationSpec,
  type ParamValue,
} from '@justoneapi/sdk/runtime';
import { toNodeError } from './errors';
import { acknowledged } from './acknowledge';
import { checkFields, shapeItems } from './fields';
import { laneKey, mapWithConcurrency, paceDelay, paceHold } from './pool';
import { DEFAULT_BATCH_SIZE, DEFAULT_LIMIT, DEFAULT_MAX_PAGES } from './properties';
import { send, targetOf, wait, type Target } from './transport';

/**
 * Which node version runs: the legacy Xiaohongshu v1 (resource/operation) or a platform node; with the
 * version's parameters, whose labels errors use.
 */
export type NodeMode = (
  | { legacy: true }
  | {
      legacy: false;
      platform: string;
      /** Parameters renamed since this version: { [operation]: { [current name]: saved name } }. */
      renamed?: Record<string, Record<string, string>>;
    }
) & {
  properties?: INodeProperties[];
};

/** Return All in the legacy v1 node stops at this many pages (its documented behaviour). */
export const LEGACY_MAX_PAGES = 20;

interface ItemOptions {
  concurrency?: unknown;
  maxRetries?: unknown;
  singlePage?: boolean;
  page?: number;
  timeoutMs?: unknown;
  pageInterval?: unknown;
  maxRequestsPerSecond?: unknown;
  batching?: { batch?: { batchSize?: unknown; batchInterval?: unknown } };
}

/** What the output says about an item's paging: set when Max Pages, or a failed later page, cut results off. */
export interface PagingInfo {
  pages: number;
  maxPages: number;
  truncated: true;
  /** The failure of the page after the last one returned. */
  stoppedBy?: { code: string | number | null; message: string };
}

/**
 * A page failed: the items of the pages before it (paid for) come back with the error, so they are
 * output (with the error item under Continue On Fail, with a warning otherwise); with none, the item fails.
 */
class PartialRun {
  constructor(
    readonly items: INodeExecutionData[],
    readonly error: unknown,
    readonly failedPage: number,
  ) {}
}

/** An item whose parameters passed every check: running it sends the paid requests. */
interface ItemRun {
  run: (stopped: () => boolean) => Promise<INodeExecutionData[] | PartialRun>;
  batchSize: number;
  batchInterval: number;
}

/**
 * A whole-number option within its range; unset (or an empty expression) is the default. Expressions
 * bypass the editor's min/max, and a Timeout of 0 would mean no timeout at all.
 */
function wholeNumber(
  param: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    const reason = `must be a whole number ${range}, got ${JSON.stringify(value)}.`;
    throw new ValidationError(
      `${param} ${reason}`,
      param,
      {},
      { kind: 'integer', value, limit: min, text: reason },
    );
  }
  return n;
}

/** Most Max Requests per Second accepted (the option is per process; the API's plans allow far less). */
export const MAX_PACING_RATE = 1000;

/**
 * Max Requests per Second: 0 or unset for no pacing, else a positive number (decimals allowed, e.g. 2.5
 * for a plan of 5 per second shared by two workers).
 */
export function pacingRate(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_PACING_RATE) {
    const reason = `must be a number from 0 (no pacing) to ${MAX_PACING_RATE}, got ${JSON.stringify(value)}.`;
    throw new ValidationError(
      `maxRequestsPerSecond ${reason}`,
      'maxRequestsPerSecond',
      {},
      {
        kind: 'number',
        value,
        text: reason,
      },
    );
  }
  return n;
}

/** Waits for this request's slot in the process's pacing lane (pool.ts); a stopped run waits no further. */
async function pace(ctx: IExecuteFunctions, lane: string, perSecond: number, stopped: () => boolean) {
  const cancelled = () => stopped() || ctx.getExecutionCancelSignal?.()?.aborted === true;
  if (cancelled()) return;
  await wait(ctx, paceDelay(lane, perSecond));
  for (let ms = paceHold(lane, perSecond); ms > 0 && !cancelled(); ms = paceHold(lane, perSecond))
    await wait(ctx, ms);
}

/** The operation a node runs: legacy resource/operation, or a platform operation by method (or an alias). */
export function operationOf(
  ctx: IExecuteFunctions,
  mode: NodeMode,
  ops: readonly OperationSpec[] = labelledOperations,
): OperationSpec {
  // The documented catalog: its enum labels are accepted too ("美食" or "food" for a feed).
  if (mode.legacy) {
    const resource = ctx.getNodeParameter('resource', 0) as string;
    const operation = ctx.getNodeParameter('operation', 0) as string;
    return findOperation(resource, operation, ops);
  }
  const method = ctx.getNodeParameter('operation', 0) as string;
  // Deprecated and hidden operations are not offered to new nodes, but saved workflows keep running them.
  const op = ops.find(
    (o) => o.namespace === mode.platform && (o.method === method || (o.aliases ?? []).includes(method)),
  );
  if (!op) throw new ValidationError(`Unknown operation "${method}" for ${mode.platform}.`, 'operation');
  return op;
}

/** Reads the operation's parameters for one input item, as the catalog names them (paging state excluded). */
function readParams(ctx: IExecuteFunctions, op: OperationSpec, i: number, mode: NodeMode) {
  const paging = new Set(pagingParams(op));
  const extra = mode.legacy ? {} : (ctx.getNodeParameter('additionalFields', i, {}) as IDataObject);
  const params: Record<string, unknown> = {};
  for (const p of op.params) {
    if (paging.has(p.name)) continue;
    // null as the fallback: a parameter in Additional Fields is not a node parameter of its own.
    params[p.name] = ctx.getNodeParameter(p.name, i, null) ?? extra[p.name];
    // A workflow saved with an older version keeps a renamed parameter under its old name.
    const saved = mode.legacy ? undefined : mode.renamed?.[op.method]?.[p.name];
    if (saved !== undefined) params[p.name] ??= ctx.getNodeParameter(saved, i, null) ?? extra[saved];
  }
  return params;
}

interface Shared {
  ctx: IExecuteFunctions;
  op: OperationSpec;
  mode: NodeMode;
  target: Target;
  /** The node's own retries are off while n8n's Retry On Fail re-runs the whole node. */
  retriesOff: boolean;
  hint: (hint: NodeExecutionHint) => void;
}

/** Reads and checks one item's parameters (throws before anything is sent) and returns how to run it. */
function prepareItem({ ctx, op, mode, target, retriesOff, hint }: Shared, i: number): ItemRun {
  const { baseUrl, token } = target;
  const options = ctx.getNodeParameter('options', i, {}) as ItemOptions;
  const simplify = ctx.getNodeParameter('simplify', i, true) as boolean;
  const fields = simplify ? String(ctx.getNodeParameter('fields', i, '') ?? '') : '';
  checkFields(fields);
  const timeoutMs = wholeNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1000);
  const maxRetries = wholeNumber('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, 0, 5);
  const policy = { maxRetries: retriesOff ? 0 : maxRetries };
  const perSecond = pacingRate(options.maxRequestsPerSecond);
  // One pacing lane per API target in this process (pool.ts), named by a hash of the token.
  const lane = laneKey(baseUrl, token);
  const batch = options.batching?.batch ?? {};
  const batchSize = wholeNumber('batchSize', batch.batchSize, DEFAULT_BATCH_SIZE, 1);
  const batchInterval = wholeNumber('batchInterval', batch.batchInterval, 0, 0);
  const ack = { acknowledge: acknowledged(op, (name) => ctx.getNodeParameter(name, i, false)) };
  const call = (params: Record<string, ParamValue>, stopped: () => boolean) =>
    executeRequest(prepareRequest(op, params, { baseUrl }, ack), {
      // Pacing applies before every attempt: first requests, retries and further pages alike.
      send: async (req) => {
        if (perSecond > 0) await pace(ctx, lane, perSecond, stopped);
        return send(ctx, req, target, timeoutMs, stopped);
      },
      sleep: (ms) => wait(ctx, ms),
      policy,
      // Masks the token should the API echo it in a message (n8n adds it to the request, not to this URL).
      secret: token,
      onRetry: (r) =>
        ctx.logger.warn(
          `Just One API ${errorTitle(r.error)}: retry ${r.retry} of ${policy.maxRetries} in ${r.delayMs} ms (item ${i}, ${r.safeUrl})`,
        ),
    });

  const params = readParams(ctx, op, i, mode);
  const missing = (message: string) => {
    hint({ type: 'warning', location: 'outputPane', message: `Item ${i}: ${message}` });
    ctx.logger.warn(`Just One API: item ${i}: ${message}`);
  };
  const out = (items: readonly unknown[], paging?: PagingInfo): INodeExecutionData[] =>
    shapeItems(op, items, simplify, fields, missing).map((json) => ({
      json,
      pairedItem: { item: i },
      ...(paging ? { paging: paging as unknown as IDataObject } : {}),
    }));
  if (!op.pagination) {
    const req = prepareRequest(op, params, { baseUrl }, ack);
    return {
      batchSize,
      batchInterval,
      run: async (stopped) => out([(await call(req.params, stopped)).data]),
    };
  }

  const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
  const limit = wholeNumber('limit', ctx.getNodeParameter('limit', i, DEFAULT_LIMIT), DEFAULT_LIMIT, 1);
  let maxPages: number;
  let pageInterval = 0;
  let first: Record<string, unknown> = params;
  if (mode.legacy) {
    // v1: Start Page and Single Page Only, at most 20 pages.
    const startPage = options.page ?? 1;
    first = { ...params, [pagingParams(op)[0]!]: startPage };
    maxPages = options.singlePage ? 1 : LEGACY_MAX_PAGES;
  } else {
    maxPages = wholeNumber(
      'maxPages',
      ctx.getNodeParameter('maxPages', i, DEFAULT_MAX_PAGES),
      DEFAULT_MAX_PAGES,
      1,
    );
    pageInterval = wholeNumber('pageInterval', options.pageInterval, 0, 0);
  }
  const prepared = prepareRequest(op, first, { baseUrl }, ack);
  // The pager decides when results end (and de-duplicates); Max Pages is counted here, so that a pager
  // still holding a next page after the cap is known: results were cut off, and the run says so.
  const pager = createPager(op, prepared.params, {
    maxPages: Infinity,
    ...(returnAll ? {} : { maxItems: limit }),
  });
  const explicitSinglePage = mode.legacy && options.singlePage === true;
  return {
    batchSize,
    batchInterval,
    run: async (stopped) => {
      const items: unknown[] = [];
      let pages = 0;
      for (let next = pager.next(); next && pages < maxPages; next = pager.next()) {
        if (pages > 0 && pageInterval > 0) await wait(ctx, pageInterval);
        let env: Awaited<ReturnType<typeof call>>;
        try {
          env = await call(next, stopped);
        } catch (error) {
          // Nothing fetched yet, or the run was stopped: the item fails as a whole (partial() below).
          if (items.length === 0 || error instanceof AbortedError)
            return new PartialRun([], error, pages + 1);
          const stoppedBy = {
            code: (error as { code?: string | number }).code ?? null,
            message: toNodeError(ctx.getNode(), error, i).message,
          };
          const info: PagingInfo = { pages, maxPages, truncated: true, stoppedBy };
          return new PartialRun(out(items, info), error, pages + 1);
        }
        pages++;
        items.push(...pager.accept(env.data).items);
      }
      const truncated = pages >= maxPages && pager.next() !== undefined && !explicitSinglePage;
      if (!truncated) return out(items);
      hint({
        type: 'warning',
        location: 'outputPane',
        message: `Item Index ${i}: stopped at Max Pages (${maxPages}) with more results available; ${items.length} items returned. Raise Max Pages (each page is one paid call) to get more.`,
      });
      ctx.logger.warn(`Just One API: item ${i} stopped at ${maxPages} pages; more results were available`);
      const info: PagingInfo = { pages, maxPages, truncated: true };
      return out(items, info);
    },
  };
}

/** Runs items in batches (Options > Batching, read per item): a batch runs at once; the next starts after it and the interval. */
async function runBatches(
  ctx: IExecuteFunctions,
  runs: ItemRun[],
  task: (i: number, stopped: () => boolean) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
  const results: INodeExecutionData[][] = [];
  let failed = false;
  const stopped = () => failed;
  for (let start = 0; start < runs.length; ) {
    const end = Math.min(runs.length, start + runs[start]!.batchSize);
    if (start > 0 && runs[start]!.batchInterval > 0) await wait(ctx, runs[start]!.batchInterval);
    const batch = await Promise.all(
      runs.slice(start, end).map((_, k) =>
        task(start + k, stopped).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    results.push(...batch);
    start = end;
  }
  return results;
}

export const RETRY_ON_FAIL_HINT =
  "Retry On Fail is on: when the node fails, n8n runs it again for every input item, re-sending paid requests that had already succeeded. The node's own retries (Options > Max Retries) are off while it is on. Turn Retry On Fail off to retry only the request that failed.";

export async function execute(
  ctx: IExecuteFunctions,
  mode: NodeMode,
  ops: readonly OperationSpec[] = labelledOperations,
): Promise<INodeExecutionData[][]> {
  const items = ctx.getInputData();
  const hints: NodeExecutionHint[] = [];
  const hint = (h: NodeExecutionHint) => void hints.push(h);
  /** A failed item: with Continue On Fail an error item (the others go on), else the node's error. */
  // Bad input is told in the words on the screen: the operation's and the field's labels.
  const screen = mode.properties && {
    properties: mode.properties,
    operation: String(ctx.getNodeParameter('operation', 0, '')),
  };
  const failed = (error: unknown, i: number): INodeExecutionData[] => {
    const nodeError = toNodeError(ctx.getNode(), error, i, screen);
    if (!ctx.continueOnFail()) throw nodeError;
    const code = (error as { code?: unknown }).code;
    return [
      {
        json: { error: nodeError.message, code: code ?? null, description: nodeError.description ?? null },
        pairedItem: { item: i },
      },
    ];
  };
  const retriesOff = ctx.getNode().retryOnFail === true;
  if (retriesOff) {
    hint({ type: 'warning', location: 'outputPane', message: RETRY_ON_FAIL_HINT });
    ctx.logger.warn(`Just One API: ${RETRY_ON_FAIL_HINT}`);
  }
  const report = () => {
    // addExecutionHints: n8n 1.x and 2.x; absent in some older hosts.
    if (hints.length) ctx.addExecutionHints?.(...hints);
  };

  // Everything is checked before the first paid request: the operation, the credential (and, in v1, the
  // node-wide Concurrency): a failure there fails every item; then every item's parameters.
  let shared: Shared;
  let concurrency = 1;
  try {
    const op = operationOf(ctx, mode, ops);
    shared = { ctx, op, mode, target: await targetOf(ctx), retriesOff, hint };
    if (mode.legacy)
      concurrency = wholeNumber(
        'concurrency',
        (ctx.getNodeParameter('options', 0, {}) as ItemOptions).concurrency,
        3,
        1,
      );
  } catch (error) {
    report();
    return [items.flatMap((_, i) => failed(error, i))];
  }
  const runs = items.map((_, i): ItemRun => {
    try {
      return prepareItem(shared, i);
    } catch (error) {
      const errorItems = failed(error, i);
      return { batchSize: DEFAULT_BATCH_SIZE, batchInterval: 0, run: async () => errorItems };
    }
  });
  /** Pages already paid for are output: with the error item under Continue On Fail, else with a warning. */
  const partial = (r: PartialRun, i: number): INodeExecutionData[] => {
    if (ctx.continueOnFail()) return [...r.items, ...failed(r.error, i)];
    const message = `Item ${i}: page ${r.failedPage} failed (${toNodeError(ctx.getNode(), r.error, i).message}); the ${r.items.length} items of the pages before it are returned.`;
    hint({ type: 'warning', location: 'outputPane', message });
    ctx.logger.warn(`Just One API: ${message}`);
    return r.items;
  };
  const task = async (i: number, stopped: () => boolean) => {
    try {
      const r = await runs[i]!.run(stopped);
      if (!(r instanceof PartialRun)) return r;
      return r.items.length > 0 ? partial(r, i) : failed(r.error, i);
    } catch (error) {
      return failed(error, i);
    }
  };
  try {
    const perItem = mode.legacy
      ? await mapWithConcurrency(items.length, concurrency, task)
      : await runBatches(ctx, runs, task);
    return [perItem.flat()];
  } finally {
    report();
  }
}
