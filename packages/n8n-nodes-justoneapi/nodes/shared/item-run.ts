// One input item of the action node: its settings read and checked (throws before anything is sent),
// then its run on the core's engine (createRun + runAsync): paging, retries, pacing, the request budget
// and usage are the engine's; this file gives it n8n's transport, sleep and pace lane, and shapes the
// output items (Simplify/Fields, paging metadata, usage).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';
import {
  AbortedError,
  createRun,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  errorTitle,
  formatUsage,
  Ledger,
  pagingParams,
  type AsyncIo,
  type EngineOptions,
  type OperationSpec,
  type ParamValue,
  runAsync,
  type RunPage,
  toNumber,
  type Usage,
  ValidationError,
} from '@justoneapi/sdk/runtime';
import { acknowledged } from './acknowledge';
import { readSetting } from './count';
import { checkFields, shapeItems } from './fields';
import { laneKey, paceDelay, paceHold } from './pool';
import { DEFAULT_BATCH_SIZE, DEFAULT_LIMIT, DEFAULT_MAX_PAGES } from './properties';
import { send, wait, type Target } from './transport';
import type { NodeMode } from './execute';

/** Return All in the legacy v1 node stops at this many pages (its documented behaviour). */
export const LEGACY_MAX_PAGES = 20;

/** Most Max Requests per Second accepted (the option is per process; the API's plans allow far less). */
export const MAX_PACING_RATE = 1000;

export interface ItemOptions {
  concurrency?: unknown;
  maxRetries?: unknown;
  maxRequests?: unknown;
  usageInItems?: boolean;
  singlePage?: boolean;
  page?: number;
  timeoutMs?: unknown;
  pageInterval?: unknown;
  startFrom?: unknown;
  maxRequestsPerSecond?: unknown;
  batching?: { batch?: { batchSize?: unknown; batchInterval?: unknown } };
}

/** What the output says about an item's paging: set when Max Pages, a budget or a failed later page cut results off. */
export interface PagingInfo {
  pages: number;
  maxPages: number;
  truncated: true;
  /** The failure (or budget refusal) of the page after the last one returned. */
  stoppedBy?: { code: string | number | null; message: string };
  /** The paging params of the page not fetched: Options > Start From of a later run continues there. */
  resume?: Record<string, ParamValue>;
}

/** How an item's run ended: its output items, and the error that stopped it, if any. */
export interface ItemOutcome {
  items: INodeExecutionData[];
  error?: unknown;
  /** The page that failed or was refused (1 when the first one was). */
  failedPage: number;
  /** Pages fetched and requests sent for this item. */
  usage: Usage;
  resume?: Record<string, ParamValue>;
}

/** An item whose parameters passed every check: running it sends the paid requests. */
export interface ItemRun {
  run: (stopped: () => boolean) => Promise<ItemOutcome>;
  batchSize: number;
  batchInterval: number;
}

export interface Shared {
  ctx: IExecuteFunctions;
  op: OperationSpec;
  mode: NodeMode;
  target: Target;
  /** The node's own retries are off while n8n's Retry On Fail re-runs the whole node. */
  retriesOff: boolean;
  hint: (hint: NodeExecutionHint) => void;
  /** The node's ledger: every item's usage adds up here, and Max Requests is its budget. */
  ledger: Ledger;
  /** The words of a failure that stopped a page, for the paging metadata. */
  describe: (error: unknown, i: number) => string;
}

/**
 * Max Requests per Second: 0 or unset for no pacing, else a positive number (decimals allowed, e.g. 2.5
 * for a plan of 5 per second shared by two workers).
 */
export function pacingRate(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = toNumber(value);
  if (!Number.isFinite(n) || n < 0 || n > MAX_PACING_RATE) {
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

/**
 * Options > Start From: the paging parameters of the first page (a run's paging.resume), as JSON text or
 * an object from an expression; blank for the first page. Only the operation's paging parameters.
 */
function startFrom(op: OperationSpec, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  const names = pagingParams(op);
  const bad = (why: string) =>
    new ValidationError(`startFrom ${why}`, 'startFrom', {}, { kind: 'text', value: raw, text: why });
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw bad(`must be a JSON object such as {"${names[0]}": 3}, got ${JSON.stringify(raw)}.`);
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw bad(`must be a JSON object such as {"${names[0]}": 3}, got ${JSON.stringify(raw)}.`);
  const unknown = Object.keys(value).filter((k) => !names.includes(k));
  if (unknown.length)
    throw bad(`takes only the paging parameters (${names.join(', ')}), got ${unknown.join(', ')}.`);
  return value as Record<string, unknown>;
}

/** The paging settings of a paged operation: the engine's page options, and the legacy v1's Start Page. */
function pagingOf(
  ctx: IExecuteFunctions,
  op: OperationSpec,
  i: number,
  mode: NodeMode,
  options: ItemOptions,
) {
  const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
  const limit = readSetting('limit', ctx.getNodeParameter('limit', i, DEFAULT_LIMIT), DEFAULT_LIMIT, 1);
  const maxItems = returnAll ? {} : { maxItems: limit };
  if (mode.legacy) {
    // v1: Start Page and Single Page Only, at most 20 pages.
    const maxPages = options.singlePage ? 1 : LEGACY_MAX_PAGES;
    return { engine: { maxPages, ...maxItems }, start: { [pagingParams(op)[0]!]: options.page ?? 1 } };
  }
  const raw = ctx.getNodeParameter('maxPages', i, DEFAULT_MAX_PAGES);
  const maxPages = readSetting('maxPages', raw, DEFAULT_MAX_PAGES, 1);
  const pageIntervalMs = readSetting('pageInterval', options.pageInterval, 0, 0);
  return { engine: { maxPages, pageIntervalMs, ...maxItems }, start: startFrom(op, options.startFrom) };
}

/** Reads and checks one item's parameters (throws before anything is sent) and returns how to run it. */
export function prepareItem(shared: Shared, i: number): ItemRun {
  const { ctx, op, mode, target, retriesOff, hint } = shared;
  const options = ctx.getNodeParameter('options', i, {}) as ItemOptions;
  const simplify = ctx.getNodeParameter('simplify', i, true) as boolean;
  const fields = simplify ? String(ctx.getNodeParameter('fields', i, '') ?? '') : '';
  checkFields(fields);
  const timeoutMs = readSetting('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1000);
  const maxRetries = readSetting('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, 0, 5);
  const policy = { maxRetries: retriesOff ? 0 : maxRetries };
  const perSecond = pacingRate(options.maxRequestsPerSecond);
  // One pacing lane per API target in this process (pool.ts), named by a hash of the token.
  const lane = laneKey(target.baseUrl, target.token);
  const batch = options.batching?.batch ?? {};
  const batchSize = readSetting('batchSize', batch.batchSize, DEFAULT_BATCH_SIZE, 1);
  const batchInterval = readSetting('batchInterval', batch.batchInterval, 0, 0);
  const paging = op.pagination ? pagingOf(ctx, op, i, mode, options) : undefined;
  const ledger = new Ledger({ parent: shared.ledger });
  const engine: EngineOptions = {
    baseUrl: target.baseUrl,
    // n8n's credential adds the token to each request; the engine masks it should the API echo it.
    secret: target.token,
    acknowledge: acknowledged(op, (name) => ctx.getNodeParameter(name, i, false)),
    policy,
    ledger,
    now: () => Date.now(),
    ...paging?.engine,
    // Pacing applies before every attempt: first requests, retries and further pages alike.
    ...(perSecond > 0 && {
      pace: (first: boolean) => (first ? paceDelay(lane, perSecond) : paceHold(lane, perSecond)),
    }),
    onRetry: (r) =>
      ctx.logger.warn(
        `Just One API ${errorTitle(r.error)}: retry ${r.retry} of ${policy.maxRetries} in ${r.delayMs} ms (item ${i}, ${r.safeUrl})`,
      ),
  };
  // Validates every parameter and setting: a ValidationError here, before any request.
  const run = createRun(op, { ...readParams(ctx, op, i, mode), ...paging?.start }, engine);
  const usageInItems = options.usageInItems === true;
  const missing = (message: string) => {
    hint({ type: 'warning', location: 'outputPane', message: `Item ${i}: ${message}` });
    ctx.logger.warn(`Just One API: item ${i}: ${message}`);
  };
  const out = (items: readonly unknown[], info?: PagingInfo): INodeExecutionData[] => {
    const usage = ledger.snapshot();
    const inJson = { justoneapiUsage: { ...usage, summary: formatUsage(usage) } };
    return shapeItems(op, items, simplify, fields, missing).map((json) => ({
      json: usageInItems ? ({ ...json, ...inJson } as IDataObject) : json,
      pairedItem: { item: i },
      ...(info ? { paging: info as unknown as IDataObject } : {}),
      usage: usage as unknown as IDataObject,
    }));
  };
  const maxPages = paging?.engine.maxPages ?? 1;
  const pagingOnly = (params: Record<string, ParamValue>) =>
    Object.fromEntries(pagingParams(op).flatMap((k) => (k in params ? [[k, params[k]!]] : [])));
  const explicitSinglePage = mode.legacy && options.singlePage === true;
  return {
    batchSize,
    batchInterval,
    run: async (stopped) => {
      const got: unknown[] = [];
      let last: RunPage | undefined;
      const io: AsyncIo = {
        send: (req) => send(ctx, req, target, timeoutMs, stopped),
        sleep: (ms) => wait(ctx, ms),
        // Stopped in the editor, or the node stopped spending (another item failed): nothing more is sent.
        cancelled: () =>
          stopped() || ctx.getExecutionCancelSignal?.()?.aborted === true
            ? new AbortedError({ operation: op.id })
            : undefined,
      };
      try {
        for await (const page of runAsync(run, io)) {
          got.push(...page.items);
          last = page;
        }
      } catch (error) {
        const { usage, resume } = run;
        const failedPage = usage.pages + 1;
        if (got.length === 0) return { items: [], error, failedPage, usage, ...(resume && { resume }) };
        const code = (error as { code?: string | number }).code ?? null;
        const info: PagingInfo = {
          pages: usage.pages,
          maxPages,
          truncated: true,
          stoppedBy: { code, message: shared.describe(error, i) },
          ...(resume && { resume: pagingOnly(resume) }),
        };
        return { items: out(got, info), error, failedPage, usage, ...(resume && { resume }) };
      }
      const truncated = last?.reason === 'max-pages' && !explicitSinglePage;
      if (!truncated) return { items: out(got), failedPage: 0, usage: run.usage };
      hint({
        type: 'warning',
        location: 'outputPane',
        message: `Item Index ${i}: stopped at Max Pages (${maxPages}) with more results available; ${got.length} items returned. Raise Max Pages (each page is one paid call) to get more.`,
      });
      ctx.logger.warn(`Just One API: item ${i} stopped at ${maxPages} pages; more results were available`);
      const { resume } = run;
      const info: PagingInfo = {
        pages: run.usage.pages,
        maxPages,
        truncated: true,
        ...(resume && { resume: pagingOnly(resume) }),
      };
      return { items: out(got, info), failedPage: 0, usage: run.usage };
    },
  };
}
