// The Just One API Trigger: a polling trigger for any paged operation ("new notes in a feed", "new
// search results"), following n8n's polling conventions. Items are told apart by the Item ID Field (the
// core's withItemId; the vendor's documented id by default where there is one). Each poll is one run of
// the core's engine (at most Max Pages, at most Max Requests) with "only new": the ids in the seen-set
// kept in the workflow's static data (per parameter set, bounded) go in with knownIds, and the ids the
// engine returns for the items handed over (delivered) are recorded once the poll emits them; a page
// where no item has the field fails the poll, so a wrong field never floods the workflow. With Stop When a
// Page Has Nothing New (v2, on by default; v1 has no such field) the first page whose every item an
// earlier poll emitted ends the poll (the engine's stopAtSeen), so a poll with nothing new is one request. The first poll after
// activation only records what it sees unless "Emit Existing Items on First Run" is on; a manual test run
// returns a few sample items and leaves the seen-set alone. Every emitted item carries the poll's usage
// (the ledger) beside its JSON, and in it with Options > Add Usage to Items; each poll logs a summary.
import {
  cronNodeOptions,
  NodeApiError,
  NodeConnectionTypes,
  NodeOperationError,
  VersionedNodeType,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type INodeTypeBaseDescription,
  type INodeTypeDescription,
  type IPollFunctions,
} from 'n8n-workflow';
import {
  addSeen,
  BudgetExceededError,
  createRun,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  formatUsage,
  isState,
  labelledOperations,
  Ledger,
  pagingParams,
  runAsync,
  seenIds,
  ValidationError,
  withItemId,
  type OperationSpec,
  type PreparedRequest,
  type SeenState,
} from '@justoneapi/sdk/runtime';
import { acknowledged } from './acknowledge';
import { toNodeError } from './errors';
import { checkFields, shapeItems } from './fields';
import {
  DEFAULT_TRIGGER_MAX_PAGES,
  DEFAULT_TRIGGER_MAX_REQUESTS,
  TRIGGER_MAX_SEEN_IDS,
  TRIGGER_SAMPLE_ITEMS,
} from './trigger-properties';
import { readSetting } from './count';
import { send, targetOf, wait } from './transport';
import { configurationKey, earlierFailure, isConfigurationError, rememberFailure } from './trigger-failures';
import { idCandidates } from './id-candidates';
import { costSubtitle } from './trigger-cost';
import versions from '../versions.json';

interface TriggerOptions {
  emitExisting?: boolean;
  usageInItems?: boolean;
  maxRetries?: unknown;
  timeoutMs?: unknown;
}

/** What the trigger keeps in the workflow's static data (per node). */
interface TriggerState {
  /** Seen ids per parameter set: key (operation + params without paging) -> id -> last seen (ms). */
  seen?: SeenState;
}

/**
 * The operation to poll, with its Item ID Field applied; `needsField` when the API documents no id and
 * the field is empty (a test run then returns samples and candidate fields; activation refuses).
 */
function operationOf(ctx: IPollFunctions): { op: OperationSpec; needsField: boolean } {
  const platform = ctx.getNodeParameter('platform', '') as string;
  const method = ctx.getNodeParameter('operation', '') as string;
  const op = labelledOperations.find(
    (o) => o.namespace === platform && (o.method === method || (o.aliases ?? []).includes(method)),
  );
  if (!op) throw new ValidationError(`Unknown operation "${method}" for ${platform}.`, 'operation');
  if (!op.pagination)
    throw new ValidationError(
      `${op.id} has no pages, so the trigger cannot poll it for new items.`,
      'operation',
    );
  // The Item ID Field: blank falls back to the vendor's documented id; without one it is required.
  const field = ctx.getNodeParameter('itemIdField', '') as unknown;
  const path = typeof field === 'string' ? field.trim() : '';
  if (typeof field !== 'string' && field !== null && field !== undefined)
    throw new ValidationError(
      `Item ID Field must be a field name or a dot path such as "id", got ${JSON.stringify(field)}.`,
      'itemIdField',
    );
  if (!path && !op.pagination.id) return { op, needsField: true };
  return { op: withItemId(op, path), needsField: false };
}

const needsFieldError = (op: OperationSpec) =>
  new ValidationError(
    `Item ID Field is required for ${op.id} to activate: the API documents no item id for it. Run Fetch Test Event to see sample items and the fields that could identify one, then name it, for example "id".`,
    'itemIdField',
    { operation: op.id },
  );

/**
 * The seen-set key: the run's (operation + parameters without paging state), plus the item id field
 * when it is not the documented one, so changing the field starts a new set (its first poll records
 * without emitting) instead of taking every item for new.
 */
function triggerKey(op: OperationSpec, key: string): string {
  const documented = labelledOperations.find((o) => o.id === op.id)?.pagination?.id;
  const path = op.pagination?.id;
  return path === documented
    ? key
    : `${key}${key.endsWith('?') ? '' : '&'}~itemId=${encodeURIComponent(path ?? '')}`;
}

/** One poll: returns the items to emit (or null), and updates the static data unless it is a manual test. */
export async function poll(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
  const manual = ctx.getMode() === 'manual';
  let op: OperationSpec;
  let first: Record<string, unknown>;
  let maxPages: number;
  let simplify: boolean;
  let fields: string;
  let emitExisting: boolean;
  let usageInItems: boolean;
  let timeoutMs: number;
  let maxRetries: number;
  let maxRequests: number;
  let stopAtSeen: boolean;
  let needsField: boolean;
  try {
    ({ op, needsField } = operationOf(ctx));
    if (needsField && !manual) throw needsFieldError(op);
    const paging = new Set(pagingParams(op));
    const extra = ctx.getNodeParameter('additionalFields', {}) as IDataObject;
    first = {};
    for (const p of op.params) {
      if (paging.has(p.name)) continue;
      first[p.name] = ctx.getNodeParameter(p.name, null) ?? extra[p.name];
    }
    const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
    maxPages = readSetting(
      'Max Pages per Poll',
      ctx.getNodeParameter('maxPages', DEFAULT_TRIGGER_MAX_PAGES),
      DEFAULT_TRIGGER_MAX_PAGES,
      1,
    );
    maxRequests = readSetting(
      'Max Requests per Poll',
      ctx.getNodeParameter('maxRequests', DEFAULT_TRIGGER_MAX_REQUESTS),
      DEFAULT_TRIGGER_MAX_REQUESTS,
      1,
    );
    // v1 (released) has no such field: its saved workflows keep paging past pages they have seen.
    stopAtSeen = ctx.getNodeParameter('stopAtSeen', false) === true;
    simplify = ctx.getNodeParameter('simplify', true) as boolean;
    fields = simplify ? String(ctx.getNodeParameter('fields', '') ?? '') : '';
    checkFields(fields);
    emitExisting = options.emitExisting === true;
    usageInItems = options.usageInItems === true;
    timeoutMs = readSetting('Timeout (Ms)', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1000);
    maxRetries = readSetting('Max Retries', options.maxRetries, DEFAULT_MAX_RETRIES, 0, 5);
  } catch (error) {
    throw toNodeError(ctx.getNode(), error, 0);
  }
  // The transport reads the credential and sends through n8n's request helper: the poll context has
  // both (getCredentials, getNode, helpers.httpRequestWithAuthentication), as an execute context does.
  const ectx = ctx as unknown as IExecuteFunctions;
  const ledger = new Ledger({ maxRequests, scope: 'this poll (Max Requests per Poll)' });
  const items: unknown[] = [];
  /** Ids to record once the items are emitted: the engine's, for each page handed over. */
  const delivered: string[] = [];
  let stoppedByBudget: BudgetExceededError | undefined;
  let stoppedByError: { error: unknown; page: number } | undefined;
  /** The page that ended the poll because an earlier poll emitted its every item. */
  let stoppedAtSeen: number | undefined;
  let key: string;
  let state: SeenState = {};
  const data = manual ? {} : (ctx.getWorkflowStaticData('node') as IDataObject & TriggerState);
  let config = '';
  /** The n8n error for a failed poll; a configuration that cannot succeed as it is is remembered. */
  const failure = (error: unknown) => {
    if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
    const nodeError =
      error instanceof ValidationError && error.param === 'itemId'
        ? new NodeOperationError(ctx.getNode(), error.message, {
            description:
              "One page was requested; nothing was emitted or recorded. Set Item ID Field to a field the items have (listed above). Until the settings change, n8n's retries of this activation send nothing.",
          })
        : toNodeError(ctx.getNode(), error, 0);
    if (!manual && config && isConfigurationError(error)) rememberFailure(config, nodeError.message);
    return nodeError;
  };
  try {
    const target = await targetOf(ectx);
    config = configurationKey(ctx.getWorkflow().id, ctx.getNode(), target.token);
    const earlier = manual ? undefined : earlierFailure(config);
    // n8n retries a failed activation by itself: the same settings would fail the same way, and pay again.
    if (earlier !== undefined)
      throw new NodeOperationError(ctx.getNode(), earlier, {
        description:
          "Not sent again: this trigger failed with these same settings before (one paid request). Change the node's settings or the credential's token to poll again.",
      });
    // The engine pages, retries, counts against Max Requests per Poll and keeps only items not seen
    // before ("only new"); a manual test run fetches one page of samples and leaves the seen-set alone.
    const run = createRun(op, first, {
      baseUrl: target.baseUrl,
      // n8n's credential adds the token to each request; the engine masks it should the API echo it.
      secret: target.token,
      acknowledge: acknowledged(op, (name) => ctx.getNodeParameter(name, false)),
      policy: { maxRetries },
      ledger,
      now: () => Date.now(),
      maxPages: manual ? 1 : maxPages,
      // A test run too: its known set is empty, but a wrong Item ID Field fails it the same way.
      onlyNew: !needsField,
      // A page whose every item an earlier poll emitted ends the poll (reason 'seen-before').
      stopAtSeen,
    });
    key = triggerKey(op, run.seenKey);
    if (!manual) {
      state = isState(data.seen) ? data.seen : {};
      // Ids past their age (30 days) are not known any more: they count as new should they come back.
      run.knownIds(seenIds(state, key));
    }
    const io = {
      send: (req: PreparedRequest) => send(ectx, req, target, timeoutMs, () => false),
      sleep: (ms: number) => wait(ectx, ms),
    };
    try {
      // A page where no item has the Item ID Field ends the run with that error: the poll fails before
      // anything is emitted or recorded, rather than taking every item for new.
      for await (const page of runAsync(run, io)) {
        items.push(...page.items);
        // Recorded in the static data only if this poll emits its items (below).
        delivered.push(...run.delivered(page.items.length));
        if (page.reason === 'seen-before') stoppedAtSeen = run.usage.pages;
      }
    } catch (error) {
      if (error instanceof BudgetExceededError) stoppedByBudget = error;
      // Pages already paid for are delivered: their new items are emitted and recorded below.
      else stoppedByError = { error, page: run.usage.pages + 1 };
    }
    // A wrong Item ID Field, or a first page that failed (nothing to deliver): the poll fails.
    const fatal = stoppedByError?.error instanceof ValidationError || items.length === 0;
    if (stoppedByError && fatal) throw failure(stoppedByError.error);
  } catch (error) {
    throw failure(error);
  }
  if (stoppedByBudget)
    ctx.logger.warn(
      `Just One API Trigger: Max Requests per Poll (${stoppedByBudget.maxRequests}) reached: ${stoppedByBudget.sent} requests sent; the next page was not requested. The new items fetched are emitted.`,
    );
  if (stoppedByError)
    ctx.logger.warn(
      `Just One API Trigger: page ${stoppedByError.page} failed (${toNodeError(ctx.getNode(), stoppedByError.error, 0).message}); the new items of the pages before it are emitted.`,
    );

  let firstRunSilent = false;
  // The poll's usage: beside each item's JSON (`usage`, in the execution data) and, with Options > Add
  // Usage to Items, inside it (`justoneapiUsage`, with the summary line), where the output pane shows it.
  const emitted = (list: unknown[], extra: IDataObject = {}): INodeExecutionData[][] | null => {
    // Items emitted: the samples of a test run, none on a first poll that only records.
    const u = { ...ledger.snapshot(), items: list.length };
    const summary = formatUsage(u, maxRequests);
    ctx.logger.info(
      `Just One API Trigger: ${summary}${manual ? ' (test run: seen-set untouched)' : ''}${firstRunSilent ? ' (first poll: items recorded, none emitted)' : ''}${stoppedAtSeen ? ` (stopped at page ${stoppedAtSeen}: every item was emitted before)` : ''}`,
    );
    if (list.length === 0) return null;
    const shaped = shapeItems(op, list, simplify, fields, (m) =>
      ctx.logger.warn(`Just One API Trigger: ${m}`),
    );
    return [
      shaped.map((record) => {
        const withUsage = usageInItems
          ? { ...record, justoneapiUsage: { ...u, summary } as IDataObject }
          : record;
        const json = { ...withUsage, ...extra };
        return { json, usage: u as unknown as IDataObject };
      }),
    ];
  };
  if (manual && needsField) {
    // No Item ID Field yet: the samples, each with the fields that could identify an item.
    const candidates = idCandidates(items);
    ctx.logger.info(
      `Just One API Trigger: Item ID Field candidates for ${op.id}: ${candidates.join(', ') || '(none)'}`,
    );
    return emitted(items.slice(0, TRIGGER_SAMPLE_ITEMS), { itemIdFieldCandidates: candidates });
  }
  if (manual) return emitted(items.slice(0, TRIGGER_SAMPLE_ITEMS));

  // The first poll after activation records what it finds without emitting it (unless Emit Existing
  // Items on First Run): those items are deliberately passed over, so they count as delivered.
  const firstRun = !(key! in state);
  // A first poll that found nothing still records the parameter set, so its first items count as new.
  addSeen(state, key!, delivered, { maxIds: TRIGGER_MAX_SEEN_IDS });
  state[key!] ??= {};
  data.seen = state;
  firstRunSilent = firstRun && !emitExisting;
  return emitted(firstRunSilent ? [] : items);
}

const TRIGGER_NAME = 'justOneApiTrigger';
const TRIGGER_TEXTS = {
  displayName: 'Just One API Trigger',
  name: TRIGGER_NAME,
  icon: { light: 'file:justoneapi.svg', dark: 'file:justoneapi.dark.svg' },
  group: ['trigger'],
  description: 'New items of a Just One API feed or search',
} satisfies INodeTypeBaseDescription;

/** The trigger's current version (nodes/versions.json), what new trigger nodes get. */
export function triggerVersion(): number {
  return (versions as unknown as Record<string, { current: number }>)[TRIGGER_NAME]?.current ?? 1;
}

/**
 * A version that declares its own Poll Times (v2: every hour) keeps it: n8n's loader puts its own (every
 * minute) in front of a polling node's parameters with `properties.unshift`, which this list declines for
 * a name it already has. Its schedule options are the host's own (n8n-workflow's cronNodeOptions).
 */
function ownSchedule(properties: INodeProperties[]): INodeProperties[] {
  if (!properties.some((p) => p.name === 'pollTimes')) return properties;
  const list = properties.map((p) => (p.name === 'pollTimes' ? { ...p, options: cronNodeOptions } : p));
  Object.defineProperty(list, 'unshift', {
    value(this: INodeProperties[], ...items: INodeProperties[]) {
      return Array.prototype.unshift.apply(
        this,
        items.filter((item) => !this.some((p) => p.name === item.name)),
      );
    },
  });
  return list;
}

/**
 * The trigger's node type: an n8n versioned node, as the platform nodes are, one version per shipped
 * parameter set (nodes/generated/justOneApiTrigger.v<N>.json; released ones frozen, see versions.json).
 * Every version polls with the same code, which reads each parameter with a fallback.
 */
export function triggerNodeType(data: Record<number, INodeProperties[]>) {
  const nodeVersions: Record<number, INodeType> = {};
  for (const [v, properties] of Object.entries(data)) {
    const description: INodeTypeDescription = {
      ...TRIGGER_TEXTS,
      version: Number(v),
      subtitle: costSubtitle(),
      defaults: { name: 'Just One API Trigger' },
      polling: true,
      inputs: [],
      outputs: [NodeConnectionTypes.Main],
      credentials: [{ name: 'justOneApi', required: true }],
      properties: ownSchedule(properties),
    };
    nodeVersions[Number(v)] = {
      description,
      async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
        return poll(this);
      },
    };
  }
  const base: INodeTypeBaseDescription = { ...TRIGGER_TEXTS, defaultVersion: triggerVersion() };
  return class extends VersionedNodeType {
    constructor() {
      super(nodeVersions, base);
    }
  };
}
