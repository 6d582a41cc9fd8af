import {
  errorTitle,
  findOperation,
  type JustOneApiError,
  toRecord,
  ValidationError,
  type ApiPage,
  type OperationSpec,
} from '@justoneapi/sdk';
import { documentedOperations } from '@justoneapi/sdk/core';
import { CONFIG_TYPE, type ConfigNode } from './config.js';
import type { NodeMessage, NodeRedApi, NodeStatus, RedNode } from './red-types.js';

/** What the editor stores for an operation node. */
export interface OperationDef {
  name?: string;
  config: string;
  /** Catalog params by name ("keyword", "oid", "page"): blank means "take msg.<name>". */
  [param: string]: unknown;
  mode?: 'page' | 'all' | 'item';
  pages?: number | string;
  limit?: number | string;
  output?: 'records' | 'raw';
}

type Method = { pages(params: object, options: object): AsyncIterable<ApiPage<unknown, unknown>> };

/** Status for a failure: quota and rate limit look different, so they can be told apart at a glance. */
// Codes, not instanceof: the config node is a separate bundle with its own copy of the SDK classes.
export function failureStatus(err: unknown): NodeStatus {
  const code = (err as JustOneApiError)?.code;
  if (code === 'VALIDATION') return { fill: 'red', shape: 'ring', text: 'bad input' };
  if (code === 302) return { fill: 'yellow', shape: 'ring', text: `XHS 302 ${errorTitle(err)}` };
  if (typeof code === 'number') return { fill: 'red', shape: 'dot', text: `XHS ${code} ${errorTitle(err)}` };
  if (code === 'ABORTED') return { fill: 'grey', shape: 'ring', text: 'stopped' };
  return { fill: 'red', shape: 'ring', text: errorTitle(err) };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const count = (v: unknown, fallback: number) => (blank(v) ? fallback : Number(v));

/** Node fields win; a blank field takes msg.<param> (msg.keyword, msg.oid, msg.page). */
export function paramsFor(op: OperationSpec, def: OperationDef, msg: NodeMessage): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of op.params) {
    const value = blank(def[p.name]) ? msg[p.name] : def[p.name];
    if (value !== undefined && value !== null && value !== '') params[p.name] = value;
  }
  return params;
}

/** Registers one node type for one catalog operation. */
export function registerOperationNode(RED: NodeRedApi, type: string, operationId: string): void {
  const op = findOperation(operationId, undefined, documentedOperations);
  const noun = op.record === 'user' ? 'users' : op.record === 'note' ? 'notes' : 'items';
  RED.nodes.registerType(type, function (this: RedNode, def: OperationDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const inFlight = new Set<AbortController>();

    async function handle(msg: NodeMessage, send: (m: NodeMessage | NodeMessage[]) => void) {
      const config = RED.nodes.getNode(def.config) as ConfigNode | null;
      if (!config || typeof config.client !== 'function')
        throw new ValidationError(
          `No ${CONFIG_TYPE} selected: open the node and choose a Just One API config with your token.`,
        );
      const client = config.client();
      const method = (client as unknown as Record<string, Record<string, Method>>)[op.namespace]![op.method]!;
      const mode = def.mode ?? 'all';
      // Not numbers ("abc") or below 1 are refused by the SDK's pager before any request.
      const maxPages = count(def.pages, 1);
      const maxItems = blank(def.limit) ? undefined : Number(def.limit);
      const asRecords = (def.output ?? 'records') === 'records';
      const controller = new AbortController();
      inFlight.add(controller);
      try {
        node.status({ fill: 'blue', shape: 'ring', text: 'requesting…' });
        const collected: unknown[] = [];
        let last: { code: number; page: number; requestId?: string } | undefined;
        for await (const page of method.pages(paramsFor(op, def, msg), {
          maxPages,
          ...(maxItems === undefined ? {} : { maxItems }),
          signal: controller.signal,
        })) {
          const items = asRecords ? page.items.map((i) => toRecord(op, i)) : page.items;
          last = {
            code: page.code,
            page: page.page,
            ...(page.requestId ? { requestId: page.requestId } : {}),
          };
          const meta = { ...last, operation: op.id, received: page.received, done: page.done };
          if (mode === 'page') send({ ...RED.util.cloneMessage(msg), payload: items, justoneapi: meta });
          else if (mode === 'item')
            items.forEach((item, index) =>
              send({ ...RED.util.cloneMessage(msg), payload: item, justoneapi: { ...meta, index } }),
            );
          collected.push(...items);
          node.status({ fill: 'blue', shape: 'dot', text: `page ${page.page}: ${collected.length} ${noun}` });
        }
        if (mode === 'all') msg.payload = collected;
        if (mode === 'all') {
          msg.justoneapi = { ...(last ?? { code: 0, page: 0 }), operation: op.id, count: collected.length };
          send(msg);
        }
        node.status({
          fill: 'green',
          shape: 'dot',
          text: `${collected.length} ${noun}${last ? ` (p${last.page})` : ''}`,
        });
      } finally {
        inFlight.delete(controller);
      }
    }

    // One message at a time per node: a burst of messages queues instead of firing parallel paid
    // calls into the rate limit (302). Closing drops what has not started.
    let queue: Promise<void> = Promise.resolve();
    let waiting = 0;
    let closed = false;

    node.on('input', (msg, send, done) => {
      waiting++;
      if (waiting > 1) node.status({ fill: 'blue', shape: 'ring', text: `queued (${waiting - 1})` });
      // Every failure ends in done(err) so Catch nodes see it; nothing escapes as an unhandled rejection.
      queue = queue.then(() => {
        waiting--;
        if (closed) return done();
        return handle(msg, send).then(
          () => done(),
          (err: unknown) => {
            node.status(failureStatus(err));
            const e = err instanceof Error ? err : new Error(String(err));
            msg.justoneapi = {
              code: (err as JustOneApiError).code ?? null,
              requestId: (err as JustOneApiError).requestId ?? null,
              retryable: (err as JustOneApiError).retryable ?? false,
              operation: op.id,
            };
            done(e);
          },
        );
      });
    });

    node.on('close', (_removed, done) => {
      closed = true;
      for (const c of inFlight) c.abort();
      inFlight.clear();
      node.status({});
      done();
    });
  });
}
