import {
  BudgetExceededError,
  checkOnlyNew,
  type DocumentedOperation,
  estimateRequests,
  formatEstimate,
  formatUsage,
  Ledger,
  prepareRequest,
  ValidationError,
  withItemId,
} from '@justoneapi/sdk/core';
import { operationById } from './describe.js';
import { compact, pickColumns, type Row, rowsOfData } from './rows.js';
import type { Session } from './session.js';

export interface CallArgs {
  operation?: string;
  params?: Record<string, unknown>;
  pages?: number;
  max_items?: number;
  only_new?: boolean;
  item_id?: string;
  columns?: string[];
  dry_run?: boolean;
  confirm?: boolean;
  acknowledge?: boolean;
  more?: string;
}

/** A call's answer; `error` set when it failed after rows were fetched (they are still delivered). */
export interface CallOutcome {
  result: Record<string, unknown>;
  error?: unknown;
}

/** Everything that can be wrong with a call, found before anything is sent. */
function check(args: CallArgs): { op: DocumentedOperation; params: Record<string, unknown> } {
  if (!args.operation)
    throw new ValidationError('operation is required (an id from search_operations).', 'operation');
  let op = operationById(args.operation);
  const paged = Boolean(op.pagination);
  for (const k of ['pages', 'max_items', 'only_new', 'item_id'] as const)
    if (!paged && args[k] !== undefined && args[k] !== false)
      throw new ValidationError(`${op.id} is not paged: ${k} does not apply.`, k);
  if (args.item_id !== undefined) op = withItemId(op, args.item_id) as DocumentedOperation;
  // The core's danger gate is the one rule; a dry run sends nothing, so it needs no acknowledgement.
  const acknowledge = args.acknowledge || args.dry_run ? acknowledged(op) : [];
  let params: Record<string, unknown>;
  try {
    ({ params } = prepareRequest(
      op,
      args.params ?? {},
      { baseUrl: 'https://api.justoneapi.com' },
      { acknowledge },
    ));
  } catch (e) {
    const refused = e instanceof ValidationError && e.reason?.kind === 'danger-unacknowledged';
    if (!refused || !e.reason?.highlight) throw e;
    throw new ValidationError(
      `${op.id}: the vendor warns: "${e.reason.highlight.text}" Each call is still billed. Pass acknowledge: true to call it anyway.`,
      'acknowledge',
      { operation: op.id },
      e.reason,
    );
  }
  if (args.only_new) checkOnlyNew(op);
  return { op, params };
}

/** Every danger highlight's name: `acknowledge: true` accepts them all. */
const acknowledged = (op: DocumentedOperation) => (op.danger ?? []).map((h) => h.acknowledge);

/** The next rows of an earlier result (`more: "r3@20"`): nothing is sent. */
function more(session: Session, ref: string): CallOutcome {
  const m = /^(r\d+)@(\d+)$/.exec(ref.trim());
  const held = m && session.heldRows(m[1]!);
  if (!m || !held)
    throw new ValidationError(
      `more: "${ref}" is not a held result (the last 20 are kept); call the operation again.`,
      'more',
    );
  return { result: present(session, held.rows, Number(m[2]), held.columns, { id: m[1]! }) };
}

/** Rows as compact arrays that fit the size limit; the rest are held under a `more` reference. */
function present(
  session: Session,
  rows: Row[],
  start: number,
  columns: string[],
  held?: { id: string },
): Record<string, unknown> {
  const page = compact(rows, columns, start, session.options.maxChars);
  const id = page.next === undefined ? undefined : (held?.id ?? session.hold(columns, rows));
  return {
    columns,
    rows: page.rows,
    shown: `${rows.length ? start + 1 : 0}-${start + page.rows.length} of ${rows.length}`,
    ...(id
      ? {
          more: `${id}@${page.next}`,
          more_hint: `rows are cut at ${session.options.maxChars} characters; pass more to read the next ones (sends nothing)`,
        }
      : {}),
  };
}

interface Fetched {
  rows: Row[];
  stop?: 'end' | 'limit' | 'budget';
  resume?: Record<string, unknown>;
  error?: unknown;
}

/** Sends the call (one request, or a paged run) through the SDK client, counted in `ledger`; keeps what came before a failure. */
async function fetchRows(
  session: Session,
  op: DocumentedOperation,
  params: Record<string, unknown>,
  args: CallArgs,
  ledger: Ledger,
): Promise<Fetched> {
  const out: Fetched = { rows: [] };
  try {
    if (!op.pagination) {
      const acknowledge = args.acknowledge ? acknowledged(op) : [];
      const answer = await session.client.call(op.id as never, params as never, { ledger, acknowledge });
      out.rows.push(...rowsOfData(op, answer.data));
      return out;
    }
    const run = session.client.records(op.id as never, params as never, {
      maxPages: args.pages ?? 1,
      ...(args.max_items ? { maxItems: args.max_items } : {}),
      ...(args.only_new ? { onlyNew: session.seen } : {}),
      ...(args.item_id ? { itemId: args.item_id } : {}),
      acknowledge: args.acknowledge ? acknowledged(op) : [],
      ledger,
    });
    try {
      for await (const row of run) out.rows.push(row);
    } finally {
      if (run.resume) out.resume = run.resume;
    }
    out.stop = out.resume ? 'limit' : 'end';
  } catch (e) {
    if (e instanceof BudgetExceededError) {
      out.stop = 'budget';
      if (e.next) out.resume = e.next;
      // Nothing at all could be sent: that is a refusal, not a short result.
      if (!out.rows.length) out.error = e;
    } else out.error = e;
  }
  return out;
}

/** call_operation: validate, then a dry run or the call itself within the session's budget. */
export async function callOperation(session: Session, args: CallArgs): Promise<CallOutcome> {
  if (args.more) return more(session, args.more);
  const { op, params } = check(args);
  const estimate = estimateRequests({
    paged: Boolean(op.pagination),
    maxPages: args.pages ?? 1,
    maxRetries: session.options.retries,
    maxRequests: Math.max(1, session.ledger.remaining()),
  });
  if (args.dry_run)
    return {
      result: {
        dry_run: true,
        operation: op.id,
        sent: 0,
        estimate: `${formatEstimate(estimate)} (each one billed)`,
        params,
        session: session.summary(),
      },
    };
  if (estimate.requests > session.options.confirmAbove && !args.confirm)
    throw new ValidationError(
      `${op.id}: this call can send ${formatEstimate(estimate)}, more than ${session.options.confirmAbove} without confirmation. Ask fewer pages, or pass confirm: true.`,
      'confirm',
    );
  const ledger = new Ledger({ parent: session.ledger, scope: 'this call' });
  const { rows, stop, resume, error } = await fetchRows(session, op, params, args, ledger);
  session.count(op.id, ledger.usage.requests);
  const { columns, omitted, unknown } = pickColumns(rows, args.columns);
  return {
    result: {
      operation: op.id,
      ...present(session, rows, 0, columns),
      // Named so the agent can ask for them by `columns`; a very wide answer names the first 40.
      ...(omitted.length ? { other_columns: omitted.slice(0, 40) } : {}),
      ...(omitted.length > 40 ? { other_columns_count: omitted.length } : {}),
      ...(unknown.length ? { unknown_columns: unknown } : {}),
      ...(stop ? { stop } : {}),
      ...(stop === 'budget'
        ? {
            stop_reason:
              'the session request budget is spent; the user can raise it (--budget, JUSTONEAPI_MCP_BUDGET)',
          }
        : {}),
      ...(resume ? { resume, resume_hint: 'pass resume as params to fetch the following pages' } : {}),
      call: formatUsage(ledger.usage),
      session: session.summary(),
    },
    ...(error !== undefined ? { error } : {}),
  };
}
