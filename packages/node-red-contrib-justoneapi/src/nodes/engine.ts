import type {
  BudgetExceededError,
  JustOneApiClient,
  JustOneApiError,
  OperationSpec,
  SeenStore,
  StopReason,
} from '@justoneapi/sdk';
import { addSeen, countProblem, isState, Ledger, type SeenState, seenIds } from '@justoneapi/sdk/runtime';
import { type ColumnsDef, columnsFor, recordMaker } from './columns.js';
import { CONFIG_TYPE, type ConfigNode, HostError } from './config.js';
import { describeFailure } from './failure.js';
import type { Translate } from './i18n.js';
import type { NodeMessage, NodeRedApi, RedNode } from './red-types.js';

export { describeFailure } from './failure.js';

/** What the editor stores for any operation node, besides its parameters. */
export interface EngineDef extends ColumnsDef {
  name?: string;
  config: string;
  mode?: 'page' | 'all' | 'item';
  pages?: number | string;
  limit?: number | string;
  /** compact: the core's default rows (new nodes); records: flat records (saved nodes, and unset); raw. */
  output?: 'compact' | 'records' | 'raw';
  /** Most messages waiting while one is handled (default DEFAULT_MAX_QUEUE); more is an error to Catch. */
  maxQueue?: number | string;
  /** Most HTTP requests (retries included) per message; blank for no cap. */
  maxRequests?: number | string;
  /** Only items no earlier message emitted (for these parameters), remembered in the node's context. */
  onlyNew?: boolean;
  /**
   * With onlyNew: end the run at the first page whose every item an earlier message delivered (one
   * request when nothing is new). New nodes: on; saved nodes without it (and unset): off, paging as before.
   */
  stopAtSeen?: boolean;
  /** The context store that keeps the seen-set (blank: the default store). A persistent store keeps it across restarts. */
  seenStore?: string;
  /** The field that identifies an item (a dot path), where the vendor documents none: "only new" and de-duplication key by it. */
  itemId?: string;
  /** The vendor's danger highlights the user acknowledged (ticked in the editor): without them, refused. */
  acknowledge?: string[];
}

/** Where "only new" keeps its seen-set: this context key, in the node's context. */
export const SEEN_CONTEXT_KEY = 'justoneapi_seen';

/** A SeenStore over the node's context (any store: memory, localfilesystem, Redis …). */
export function contextSeenStore(node: RedNode, store: string | undefined): SeenStore {
  const ctx = node.context();
  const name = store?.trim() || undefined;
  const load = () =>
    new Promise<SeenState>((resolve, reject) =>
      ctx.get(SEEN_CONTEXT_KEY, name, (err, value) =>
        err ? reject(err) : resolve(isState(value) ? value : {}),
      ),
    );
  return {
    async get(key) {
      return seenIds(await load(), key);
    },
    async add(key, ids) {
      const state = addSeen(await load(), key, ids);
      await new Promise<void>((resolve, reject) =>
        ctx.set(SEEN_CONTEXT_KEY, state, name, (err) => (err ? reject(err) : resolve())),
      );
    },
  };
}

/**
 * For "one message, all pages" only. The SDK marks a page's items seen once the node has taken them
 * (it asks for the next page); per page or per item, the node sent them by then. Gathering all pages,
 * it has not: what the SDK marks waits here until the message went out (sent()), so a run stopped
 * before (redeploy, stop, crash) marks none of them.
 */
export function heldUntilSent(store: SeenStore) {
  const held: Array<[string, readonly string[]]> = [];
  return {
    store: { get: (key) => store.get(key), add: (key, ids) => void held.push([key, ids]) } as SeenStore,
    async sent() {
      for (const [key, ids] of held.splice(0)) await store.add(key, ids);
    },
  };
}

/** What a node resolves for one message: the operation, its parameters, and where each came from. */
export interface Prepared {
  op: OperationSpec;
  params: Record<string, unknown>;
  /** For "is required" messages: where the node looked (msg.keyword, flow.kw, env KW …). */
  sources: Record<string, string>;
}

export const DEFAULT_MAX_QUEUE = 1000;

type Send = (m: NodeMessage | NodeMessage[]) => void;
/** One message's call: what it sends, through which client, counted in which ledger, aborted by which signal. */
interface Call {
  msg: NodeMessage;
  send: Send;
  op: OperationSpec;
  params: Record<string, unknown>;
  client: JustOneApiClient;
  ledger: Ledger;
  signal: AbortSignal;
}
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const acknowledge = (def: EngineDef) =>
  Array.isArray(def.acknowledge) ? def.acknowledge.filter((a) => typeof a === 'string') : [];

/** A node field by the core's whole-number rule (blank: the fallback), or a HostError naming the field. */
export function countField(t: Translate, label: string, raw: unknown, fallback: number | undefined, min = 1) {
  if (blank(raw)) return fallback;
  const problem = countProblem(raw, { min });
  if (problem)
    throw new HostError(t('errors.count', { label, min: problem.limit ?? min, value: JSON.stringify(raw) }));
  return Number(String(raw).trim());
}

/**
 * The shared behaviour of every operation node: one message at a time with a bounded queue, paging
 * with the output modes, statuses, errors to Catch (done(text), so the sidebar shows plain text), and
 * close aborting what is in flight.
 */
export function runNode(
  RED: NodeRedApi,
  node: RedNode,
  def: EngineDef,
  t: Translate,
  prepare: (msg: NodeMessage) => Promise<Prepared>,
  operationId: () => string,
): void {
  const inFlight = new Set<AbortController>();
  let maxQueue = DEFAULT_MAX_QUEUE;
  try {
    maxQueue = countField(t, t('common.label.maxQueue'), def.maxQueue, DEFAULT_MAX_QUEUE, 0) as number;
  } catch (e) {
    node.warn((e as Error).message);
  }

  async function handle(msg: NodeMessage, out: Send) {
    const send: Send = (m) => {
      answered.add(msg);
      out(m);
    };
    const config = RED.nodes.getNode(def.config) as ConfigNode | null;
    if (!config || typeof config.client !== 'function')
      throw new HostError(t('errors.noConfig', { type: CONFIG_TYPE }), 'VALIDATION', 'status.noConfig');
    const { op, params, sources } = await prepare(msg);
    // The core validates the parameters before anything is sent; the sources word its "is required".
    const paged = Boolean(op.pagination);
    known.set(msg, { sources, paged });
    const maxPages = paged ? countField(t, t('common.label.pages'), def.pages, 1) : 1;
    const maxItems = paged ? countField(t, t('common.label.limit'), def.limit, undefined) : undefined;
    const maxRequests = countField(t, t('common.label.maxRequests'), def.maxRequests, undefined);
    const output = def.output ?? 'records';
    const columns = output !== 'raw' ? await columnsFor(RED, node, def, msg) : '';
    const records = recordMaker(op, output === 'compact', columns, (text) => node.warn(text));
    const client = config.client();
    // One ledger per message: its usage goes out in msg.justoneapi.usage, its budget caps the message.
    const ledger = new Ledger({
      ...(maxRequests === undefined ? {} : { maxRequests }),
      scope: 'this message',
    });
    current = ledger;
    const controller = new AbortController();
    inFlight.add(controller);
    const call: Call = { msg, send, op, params, client, ledger, signal: controller.signal };
    try {
      node.status({ fill: 'blue', shape: 'ring', text: t('status.requesting') });
      // Not paged: the API's data, or one record per answer when Columns (or compact rows) are asked for.
      if (!paged) await callOnce(call, columns || output === 'compact' ? records : undefined);
      else await runPages(call, output === 'raw' ? undefined : records, { maxPages, maxItems });
    } finally {
      inFlight.delete(controller);
    }
  }

  async function callOnce(c: Call, records: ((items: unknown[]) => unknown[]) | undefined) {
    const { msg, op, ledger } = c;
    const env = await c.client.call(op.id as never, c.params as never, {
      signal: c.signal,
      ledger,
      acknowledge: acknowledge(def),
    });
    const data = env.data as unknown;
    msg.payload = records ? (Array.isArray(data) ? records(data) : records([data])[0]) : data;
    msg.justoneapi = {
      code: env.code,
      ...(env.requestId ? { requestId: env.requestId } : {}),
      operation: op.id,
      usage: ledger.snapshot(),
    };
    c.send(msg);
    node.status({
      fill: 'green',
      shape: 'dot',
      text: t('status.doneOneUsage', { requests: ledger.usage.requests }),
    });
  }

  async function runPages(
    c: Call,
    records: ((items: unknown[]) => unknown[]) | undefined,
    limits: { maxPages?: number; maxItems?: number },
  ) {
    const { msg, send, op, ledger } = c;
    const mode = def.mode ?? 'all';
    const collected: unknown[] = [];
    let last: { code: number; page: number; requestId?: string } | undefined;
    /** Why the run stopped (the core's code) and the words for it, on its last page. */
    let why: { reason: StopReason; reasonText: string } | undefined;
    /** The status names the reason when the run stopped before the end of results (a limit, a page seen before). */
    let cut = false;
    const store = def.onlyNew === true ? contextSeenStore(node, def.seenStore) : undefined;
    const held = store && mode === 'all' ? heldUntilSent(store) : undefined;
    const run = c.client.pages(op.id as never, c.params as never, {
      acknowledge: acknowledge(def),
      maxPages: limits.maxPages,
      ...(limits.maxItems === undefined ? {} : { maxItems: limits.maxItems }),
      signal: c.signal,
      ledger,
      ...(store ? { onlyNew: held?.store ?? store, stopAtSeen: def.stopAtSeen === true } : {}),
      ...(def.itemId?.trim() ? { itemId: def.itemId.trim() } : {}),
    });
    const allMeta = (complete: boolean) => ({
      ...(last ?? { code: 0, page: 0 }),
      operation: op.id,
      count: collected.length,
      complete,
      ...why,
      usage: ledger.snapshot(),
    });
    const copy = (payload: unknown, justoneapi: object) => ({
      ...RED.util.cloneMessage(msg),
      payload,
      justoneapi,
    });
    try {
      for await (const page of run) {
        const items = records ? records(page.items) : page.items;
        last = { code: page.code, page: page.page, ...(page.requestId ? { requestId: page.requestId } : {}) };
        why = page.reason ? { reason: page.reason, reasonText: t(`stop.text.${page.reason}`) } : undefined;
        cut = page.stop === 'limit';
        const meta = {
          ...last,
          operation: op.id,
          received: page.received,
          done: page.done,
          ...why,
          ...(page.next ? { next: page.next } : {}),
          usage: ledger.snapshot(),
        };
        if (mode === 'page') send(copy(items, meta));
        else if (mode === 'item') items.forEach((item, index) => send(copy(item, { ...meta, index })));
        collected.push(...items);
        if (!waiting.length)
          node.status({
            fill: 'blue',
            shape: 'dot',
            text: t('status.page', { page: page.page, count: collected.length }),
          });
      }
    } catch (err) {
      // Closed (redeploy, stop): nothing goes out to a flow being torn down, so nothing is marked seen.
      if (c.signal.aborted) throw err;
      // Paid items are never dropped: what "all pages" gathered goes out (a copy: fail() then
      // rewrites msg for Catch) before the error goes to Catch, with where to continue from.
      const next = (err as BudgetExceededError).next ?? (last ? run.resume : undefined);
      stopped.set(msg, { delivered: collected.length, ...(next ? { next } : {}) });
      if (mode === 'all' && collected.length) {
        const error = { code: (err as JustOneApiError)?.code ?? null, message: failure(msg, err).text };
        send(copy(collected, { ...allMeta(false), ...(next ? { next } : {}), error }));
      }
      await held?.sent();
      throw err;
    }
    if (mode === 'all') {
      msg.payload = collected;
      // Stopped by Pages or Limit before the end: where the next message can continue.
      msg.justoneapi = { ...allMeta(true), ...(run.resume ? { next: run.resume } : {}) };
      send(msg);
      await held?.sent();
    }
    node.status({
      fill: 'green',
      shape: 'dot',
      text: [
        t('status.doneUsage', { count: collected.length, requests: ledger.usage.requests }),
        ...(why && cut ? [t(`stop.status.${why.reason}`)] : []),
      ].join(' · '),
    });
  }

  // One message at a time per node: a burst queues (up to maxQueue) instead of firing parallel paid
  // calls into the rate limit (302). Beyond that, the message goes to Catch, kept in the error.
  type Job = [NodeMessage, Send, (err?: Error | string) => void];
  const waiting: Job[] = [];
  let running = false;
  /** The ledger of the message being handled, for the failure's msg.justoneapi.usage. */
  let current: Ledger | undefined;
  /** Where a message's paged run stopped on a failure: the items already sent, the page to continue from. */
  const stopped = new WeakMap<NodeMessage, { delivered: number; next?: Record<string, unknown> }>();
  /** What the node resolved for a message: where each parameter came from, whether its operation pages. */
  const known = new WeakMap<NodeMessage, { sources: Record<string, string>; paged: boolean }>();
  /** Messages something was sent for (a page, an item, the items gathered before a failure). */
  const answered = new WeakSet<NodeMessage>();
  let closed = false;

  const failure = (msg: NodeMessage, err: unknown) =>
    describeFailure(err, t, { sources: known.get(msg)?.sources });

  const fail = (msg: NodeMessage, send: Job[1], done: Job[2], err: unknown) => {
    const { text: advice, status } = failure(msg, err);
    const run = stopped.get(msg);
    const text = run?.delivered ? `${advice} · ${t('errors.delivered', { count: run.delivered })}` : advice;
    node.status(status);
    const e = err as JustOneApiError;
    const info = {
      code: e?.code ?? null,
      requestId: e?.requestId ?? null,
      retryable: e?.retryable ?? false,
      operation: operationId(),
      ...(current ? { usage: current.snapshot() } : {}),
      // Where a paged run can continue (the next page's parameters), and the items it already sent.
      ...run,
    };
    msg.justoneapi = info;
    // A string, not an Error: the debug sidebar shows it as plain text, and msg.error.message
    // carries no class name.
    done(text);
    // A part of a sequence (msg.parts, from a Split) still leaves the node, once, so a Join completes:
    // empty, with the error beside what Catch got.
    if (msg.parts && !answered.has(msg)) {
      const { paged } = known.get(msg) ?? { paged: false };
      const empty = paged && (def.mode ?? 'all') !== 'item' ? [] : null;
      const error = { code: info.code, message: text };
      send({
        ...RED.util.cloneMessage(msg),
        payload: empty,
        justoneapi: { ...info, complete: false, error },
      });
    }
  };

  const showQueue = () => {
    if (waiting.length)
      node.status({ fill: 'blue', shape: 'ring', text: t('status.queued', { n: waiting.length }) });
  };

  const start = (job: Job) => {
    running = true;
    const [msg, send, done] = job;
    current = undefined;
    // Every failure ends in done(text) so Catch nodes see it; nothing escapes as an unhandled rejection.
    handle(msg, send)
      .then(
        () => done(),
        (err: unknown) => (closed ? done() : fail(msg, send, done, err)),
      )
      .finally(() => {
        running = false;
        const next = waiting.shift();
        if (next && !closed) {
          showQueue();
          start(next);
        }
      });
  };

  node.on('input', (msg, send, done) => {
    if (closed) return done();
    if (!running) return start([msg, send, done]);
    if (waiting.length >= maxQueue) {
      return fail(
        msg,
        send,
        done,
        new HostError(t('errors.queueFull', { max: maxQueue }), 'QUEUE_FULL', 'status.queueFull', {
          max: maxQueue,
        }),
      );
    }
    waiting.push([msg, send, done]);
    showQueue();
  });

  node.on('close', (_removed, done) => {
    closed = true;
    for (const c of inFlight) c.abort();
    inFlight.clear();
    for (const [, , d] of waiting.splice(0)) d();
    node.status({});
    done();
  });
}
