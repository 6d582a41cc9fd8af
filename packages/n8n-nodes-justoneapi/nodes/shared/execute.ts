// The one execution path of every node version: read and check every item (zero requests on bad
// input), then run the items (legacy v1: a pool with the first item's Concurrency; newer versions:
// Options > Batching read per item), each on the core's run engine (item-run.ts). Every item's usage
// adds up in the node's ledger, whose budget is Options > Max Requests. Paid items are never lost:
// what was fetched is output, and the node fails only when nothing was (see finish()).
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, NodeExecutionHint } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
  AbortedError,
  BudgetExceededError,
  findOperation,
  formatUsage,
  labelledOperations,
  Ledger,
  ValidationError,
  type OperationSpec,
} from '@justoneapi/sdk/runtime';
import { toNodeError } from './errors';
import { readSetting } from './count';
import { type ItemOptions, type ItemOutcome, type ItemRun, prepareItem, type Shared } from './item-run';
import { mapWithConcurrency } from './pool';
import { DEFAULT_BATCH_SIZE } from './properties';
import { budgetHint, budgetWords, cutShort } from './stops';
import { targetOf, wait } from './transport';

export { LEGACY_MAX_PAGES, MAX_PACING_RATE, pacingRate, type PagingInfo } from './item-run';

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

export const RETRY_ON_FAIL_HINT =
  "Retry On Fail is on: when the node fails, n8n runs it again for every input item, re-sending paid requests that had already succeeded. The node's own retries (Options > Max Retries) are off while it is on. Turn Retry On Fail off to retry only the request that failed.";

/** Runs items in batches (Options > Batching, read per item): a batch runs at once; the next starts after it and the interval. */
async function runBatches(
  ctx: IExecuteFunctions,
  runs: ItemRun[],
  task: (i: number) => Promise<INodeExecutionData[]>,
  idle: () => boolean,
): Promise<INodeExecutionData[][]> {
  const results: INodeExecutionData[][] = [];
  for (let start = 0; start < runs.length; ) {
    const end = Math.min(runs.length, start + runs[start]!.batchSize);
    // Once the node stopped spending, the remaining items end at once: no interval to wait for.
    if (start > 0 && runs[start]!.batchInterval > 0 && !idle()) await wait(ctx, runs[start]!.batchInterval);
    results.push(...(await Promise.all(runs.slice(start, end).map((_, k) => task(start + k)))));
    start = end;
  }
  return results;
}

/** Max Requests (Options, read from the first item: it caps the whole node run): 0 or unset for no cap. */
function budgetOf(ctx: IExecuteFunctions): number {
  const raw = (ctx.getNodeParameter('options', 0, {}) as ItemOptions).maxRequests;
  return readSetting('maxRequests', raw, 0, 0) || Infinity;
}

export async function execute(
  ctx: IExecuteFunctions,
  mode: NodeMode,
  ops: readonly OperationSpec[] = labelledOperations,
): Promise<INodeExecutionData[][]> {
  const items = ctx.getInputData();
  const hints: NodeExecutionHint[] = [];
  const hint = (h: NodeExecutionHint) => void hints.push(h);
  const warn = (message: string) => {
    hint({ type: 'warning', location: 'outputPane', message });
    ctx.logger.warn(`Just One API: ${message}`);
  };
  // Bad input is told in the words on the screen: the operation's and the field's labels.
  const screen = mode.properties && {
    properties: mode.properties,
    operation: String(ctx.getNodeParameter('operation', 0, '')),
  };
  const nodeError = (error: unknown, i: number) =>
    error instanceof BudgetExceededError
      ? new NodeOperationError(ctx.getNode(), budgetWords(error), {
          itemIndex: i,
          description:
            'Nothing was fetched. Raise Max Requests (Options; each request is paid) and run again.',
        })
      : toNodeError(ctx.getNode(), error, i, screen);
  /** A failed item: with Continue On Fail an error item (the others go on), else the node's error. */
  const failed = (error: unknown, i: number): INodeExecutionData[] => {
    const e = nodeError(error, i);
    if (!ctx.continueOnFail()) throw e;
    const code = (error as { code?: unknown }).code;
    return [
      {
        json: { error: e.message, code: code ?? null, description: e.description ?? null },
        pairedItem: { item: i },
      },
    ];
  };
  const retriesOff = ctx.getNode().retryOnFail === true;
  if (retriesOff) warn(RETRY_ON_FAIL_HINT);
  const report = () => {
    // addExecutionHints: n8n 1.x and 2.x; absent in some older hosts.
    if (hints.length) ctx.addExecutionHints?.(...hints);
  };

  // Everything is checked before the first paid request: the operation, the credential, Max Requests
  // (and, in v1, the node-wide Concurrency): a failure there fails every item; then every item's parameters.
  let shared: Shared;
  let concurrency = 1;
  try {
    const op = operationOf(ctx, mode, ops);
    const ledger = new Ledger({ maxRequests: budgetOf(ctx), scope: 'this node' });
    const describe = (error: unknown, i: number) => nodeError(error, i).message;
    shared = { ctx, op, mode, target: await targetOf(ctx), retriesOff, hint, ledger, describe };
    if (mode.legacy)
      concurrency = readSetting(
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
      const usage = new Ledger().snapshot();
      const outcome: ItemOutcome = { items: errorItems, failedPage: 0, usage };
      return { batchSize: DEFAULT_BATCH_SIZE, batchInterval: 0, run: async () => outcome };
    }
  });

  // Without Continue On Fail, the first item that fails stops the node's spending: no item sends
  // another request (those running end at their next step, the others do not start).
  let halted: number | undefined;
  const stopped = () => halted !== undefined;
  const outcomes: ItemOutcome[] = [];
  const task = async (i: number) => {
    const o = await runs[i]!.run(stopped);
    outcomes[i] = o;
    const consequence =
      o.error instanceof BudgetExceededError || (stopped() && o.error instanceof AbortedError);
    if (o.error !== undefined && !consequence && !ctx.continueOnFail()) halted ??= i;
    return o.error !== undefined && ctx.continueOnFail() ? [...o.items, ...failed(o.error, i)] : o.items;
  };
  const idle = () => stopped() || shared.ledger.exhausted() !== undefined;
  try {
    const perItem = mode.legacy
      ? await mapWithConcurrency(items.length, concurrency, (i) => task(i))
      : await runBatches(ctx, runs, task, idle);
    ctx.logger.info(`Just One API: ${formatUsage(shared.ledger.snapshot(), shared.ledger.maxRequests)}`);
    return finish(perItem, outcomes, halted);
  } finally {
    report();
  }

  /**
   * The node's result. Items fetched are output whatever failed after them (n8n cannot output and fail
   * at once): each failure, a reached budget and the items cut short are told in warnings. With nothing
   * fetched at all, the node fails with the first failure (Continue On Fail: error items instead).
   */
  function finish(perItem: INodeExecutionData[][], all: ItemOutcome[], first: number | undefined) {
    const cut = all.map((o, i): [number, ItemOutcome] => [i, o]);
    const budget = cut.filter(([, o]) => o.error instanceof BudgetExceededError);
    if (budget.length) warn(budgetHint(shared.op, budget[0]![1].error as BudgetExceededError, budget));
    if (ctx.continueOnFail()) return [perItem.flat()];
    // Items the first failure stopped (or kept from starting) did not fail themselves.
    const halted = cut.filter(
      ([i, o]) => i !== first && first !== undefined && o.error instanceof AbortedError,
    );
    const failures = cut.filter(
      ([i, o]) => o.error !== undefined && !budget.some(([k]) => k === i) && !halted.some(([k]) => k === i),
    );
    const output = perItem.flat();
    const cause = failures[0] ?? budget[0];
    if (output.length === 0 && cause) throw nodeError(cause[1].error, cause[0]);
    for (const [i, o] of failures) {
      const before = o.items.length
        ? `the ${o.items.length} items of the pages before it are returned.`
        : 'nothing was fetched for it.';
      const after =
        i === first && halted.length
          ? ` The node stopped there (Continue On Fail is off): ${cutShort(shared.op, halted)}. Turn on Continue On Fail to run every item whatever fails.`
          : '';
      warn(`Item ${i}: page ${o.failedPage} failed (${nodeError(o.error, i).message}); ${before}${after}`);
    }
    return [output];
  }
}
