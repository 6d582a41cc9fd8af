// The Just One API Trigger: a polling trigger for any paged operation with item ids ("new notes in a
// feed", "new search results"), following n8n's polling conventions. Each poll pages through the core's
// pager (at most Max Pages, at most Max Requests) and emits only items whose id is not in the seen-set
// kept in the workflow's static data (per parameter set, bounded); the first poll after activation only
// records what it sees unless "Emit Existing Items on First Run" is on; a manual test run returns a few
// sample items and leaves the seen-set alone. Every emitted item carries the poll's usage (the ledger).
import {
  NodeConnectionTypes,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
} from 'n8n-workflow';
import {
  addSeen,
  BudgetExceededError,
  createPager,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  executeTracked,
  formatUsage,
  isState,
  itemKey,
  labelledOperations,
  Ledger,
  pagingParams,
  prepareRequest,
  seenIds,
  seenKey,
  toRecord,
  ValidationError,
  type Envelope,
  type OperationSpec,
  type SeenState,
  type Usage,
} from '@justoneapi/sdk/runtime';
import { toNodeError } from './errors';
import {
  DEFAULT_TRIGGER_MAX_PAGES,
  DEFAULT_TRIGGER_MAX_REQUESTS,
  TRIGGER_MAX_SEEN_IDS,
  TRIGGER_SAMPLE_ITEMS,
} from './trigger-properties';
import { send, targetOf, wait } from './transport';

interface TriggerOptions {
  emitExisting?: boolean;
  maxRetries?: unknown;
  timeoutMs?: unknown;
}

/** What the trigger keeps in the workflow's static data (per node). */
interface TriggerState {
  /** Seen ids per parameter set: key (operation + params without paging) -> id -> last seen (ms). */
  seen?: SeenState;
}

function wholeNumber(name: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max)
    throw new ValidationError(
      `${name} must be a whole number >= ${min}, got ${JSON.stringify(value)}.`,
      name,
    );
  return n;
}

function operationOf(ctx: IPollFunctions): OperationSpec {
  const platform = ctx.getNodeParameter('platform', '') as string;
  const method = ctx.getNodeParameter('operation', '') as string;
  const op = labelledOperations.find(
    (o) => o.namespace === platform && (o.method === method || (o.aliases ?? []).includes(method)),
  );
  if (!op) throw new ValidationError(`Unknown operation "${method}" for ${platform}.`, 'operation');
  if (!op.pagination?.id)
    throw new ValidationError(
      `${op.id} has no pages with item ids, so new items cannot be told from old ones.`,
      'operation',
    );
  return op;
}

/** One poll: returns the items to emit (or null), and updates the static data unless it is a manual test. */
export async function poll(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
  const manual = ctx.getMode() === 'manual';
  const ledger = new Ledger({ scope: 'this poll' });
  let op: OperationSpec;
  let first: Record<string, unknown>;
  let maxPages: number;
  let simplify: boolean;
  let emitExisting: boolean;
  let timeoutMs: number;
  let maxRetries: number;
  let maxRequests: number;
  try {
    op = operationOf(ctx);
    const paging = new Set(pagingParams(op));
    const extra = ctx.getNodeParameter('additionalFields', {}) as IDataObject;
    first = {};
    for (const p of op.params) {
      if (paging.has(p.name)) continue;
      first[p.name] = ctx.getNodeParameter(p.name, null) ?? extra[p.name];
    }
    const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
    maxPages = wholeNumber(
      'Max Pages per Poll',
      ctx.getNodeParameter('maxPages', DEFAULT_TRIGGER_MAX_PAGES),
      DEFAULT_TRIGGER_MAX_PAGES,
      1,
    );
    maxRequests = wholeNumber(
      'Max Requests per Poll',
      ctx.getNodeParameter('maxRequests', DEFAULT_TRIGGER_MAX_REQUESTS),
      DEFAULT_TRIGGER_MAX_REQUESTS,
      1,
    );
    simplify = ctx.getNodeParameter('simplify', true) as boolean;
    emitExisting = options.emitExisting === true;
    timeoutMs = wholeNumber('Timeout (Ms)', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1000);
    maxRetries = wholeNumber('Max Retries', options.maxRetries, DEFAULT_MAX_RETRIES, 0, 5);
  } catch (error) {
    throw toNodeError(ctx.getNode(), error, 0);
  }
  // The transport reads the credential and sends through n8n's request helper: the poll context has
  // both (getCredentials, getNode, helpers.httpRequestWithAuthentication), as an execute context does.
  const ectx = ctx as unknown as IExecuteFunctions;
  const budget = new Ledger({ maxRequests, scope: 'this poll (Max Requests per Poll)', parent: ledger });
  const items: unknown[] = [];
  let stoppedByBudget: BudgetExceededError | undefined;
  let key: string;
  try {
    const target = await targetOf(ectx);
    const prepared = prepareRequest(op, first, { baseUrl: target.baseUrl });
    key = seenKey(op, prepared.params);
    // A manual test run fetches one page: enough for sample items, one paid call.
    const pager = createPager(op, prepared.params, { maxPages: manual ? 1 : maxPages });
    for (let next = pager.next(); next; next = pager.next()) {
      let env: Envelope;
      try {
        env = await executeTracked(
          prepareRequest(op, next, { baseUrl: target.baseUrl }),
          {
            send: (req) => send(ectx, req, target, timeoutMs, () => false),
            sleep: (ms) => wait(ectx, ms),
            policy: { maxRetries },
            secret: target.token,
          },
          budget,
          { operation: op.id, next, pagingParams: pagingParams(op) },
        );
      } catch (error) {
        if (!(error instanceof BudgetExceededError)) throw toNodeError(ctx.getNode(), error, 0);
        stoppedByBudget = error;
        break;
      }
      const page = pager.accept(env.data);
      ledger.page(page.received, page.items.length);
      items.push(...page.items);
    }
  } catch (error) {
    throw toNodeError(ctx.getNode(), error, 0);
  }
  if (stoppedByBudget)
    ctx.logger.warn(`Just One API Trigger: ${stoppedByBudget.message.replace(/ Resume from.*$/, '')}`);

  const usage = (): Usage => ledger.snapshot();
  const out = (item: unknown): INodeExecutionData => ({
    json: (simplify ? toRecord(op, item) : item) as IDataObject,
  });
  if (manual) {
    const sample = items.slice(0, TRIGGER_SAMPLE_ITEMS);
    ledger.emitted(sample.length);
    const u = usage();
    return sample.length
      ? [sample.map((item) => ({ ...out(item), usage: u as unknown as IDataObject }))]
      : null;
  }

  const data = ctx.getWorkflowStaticData('node') as IDataObject & TriggerState;
  const state: SeenState = isState(data.seen) ? data.seen : {};
  const firstRun = !(key in state);
  // Ids past their age (30 days) are not known any more: they count as new should they come back.
  const known = new Set(seenIds(state, key));
  const fresh = items.filter((item) => {
    const id = itemKey(op, item);
    return id === undefined || !known.has(id);
  });
  ledger.seenBefore(items.length - fresh.length);
  const ids = items.flatMap((item) => itemKey(op, item) ?? []);
  // A first poll that found nothing still records the parameter set, so its first items count as new.
  addSeen(state, key, ids, { maxIds: TRIGGER_MAX_SEEN_IDS });
  state[key] ??= {};
  data.seen = state;
  const emit = firstRun && !emitExisting ? [] : fresh;
  ledger.emitted(emit.length);
  const u = usage();
  ctx.logger.info(
    `Just One API Trigger: ${formatUsage(u, maxRequests)}${firstRun && !emitExisting ? ' (first poll: items recorded, none emitted)' : ''}`,
  );
  if (emit.length === 0) return null;
  return [emit.map((item) => ({ ...out(item), usage: u as unknown as IDataObject }))];
}

const TRIGGER_NAME = 'justOneApiTrigger';

/** The trigger's node type, with the parameters generated from the catalog. */
export function triggerNodeType(properties: INodeProperties[]) {
  const description: INodeTypeDescription = {
    displayName: 'Just One API Trigger',
    name: TRIGGER_NAME,
    icon: { light: 'file:justoneapi.svg', dark: 'file:justoneapi.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{ "New items: " + $parameter["operation"] }}',
    description:
      'Starts the workflow when a paged Just One API result (a feed, a search) has items not seen before. Each page is one paid call.',
    defaults: { name: 'Just One API Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'justOneApi', required: true }],
    properties,
  };
  return class implements INodeType {
    description = description;
    async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
      return poll(this);
    }
  };
}
