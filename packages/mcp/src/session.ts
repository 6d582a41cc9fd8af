import { createClient, type JustOneApiClient } from '@justoneapi/sdk';
import { documentedOperations, formatUsage, Ledger, MemorySeenStore, type Usage } from '@justoneapi/sdk/core';
import type { Options } from './options.js';

/** Where one session's requests go: a token and a base URL (or the region's). */
export interface Connection {
  token: string;
  baseUrl?: string;
  region?: 'global' | 'cn';
  /** The embedded sandbox: sample data, nothing billed. */
  sandbox: boolean;
}

/** Rows of an earlier result not shown yet, for `more`. */
interface Held {
  columns: string[];
  rows: Record<string, unknown>[];
}

const HELD_RESULTS = 20;
export const SAMPLE_NOTE = 'Sample data from the embedded sandbox (no token set): nothing was billed.';

/**
 * One agent session's money: its request budget (a ledger every call counts in), its seen-set for
 * "only new", and the rows of recent results not shown yet. Over stdio there is one; over HTTP one per token.
 */
export class Session {
  readonly client: JustOneApiClient;
  readonly ledger: Ledger;
  readonly seen = new MemorySeenStore();
  readonly byOperation: Record<string, number> = {};
  private readonly held = new Map<string, Held>();
  private nextId = 1;

  constructor(
    readonly connection: Connection,
    readonly options: Pick<Options, 'budget' | 'confirmAbove' | 'retries' | 'maxChars'>,
    /** An id for the session that is not its token (over HTTP: the token's SHA-256). */
    readonly key = 'stdio',
  ) {
    this.ledger = new Ledger({ maxRequests: options.budget, scope: 'this session' });
    this.client = createClient({
      token: connection.token,
      ...(connection.baseUrl ? { baseUrl: connection.baseUrl } : {}),
      ...(connection.region ? { region: connection.region } : {}),
      operations: documentedOperations,
      maxRetries: options.retries,
    });
  }

  get usage(): Usage {
    return this.ledger.snapshot();
  }

  /** What every result says about the session's spend. */
  summary(): Record<string, unknown> {
    const u = this.ledger.usage;
    return {
      requests: u.requests,
      budget: this.ledger.maxRequests,
      remaining: this.ledger.remaining(),
    };
  }

  /** The usage tool's answer. */
  report(): Record<string, unknown> {
    return {
      ...this.summary(),
      usage: formatUsage(this.ledger.usage, this.ledger.maxRequests),
      by_operation: this.byOperation,
      confirm_above: this.options.confirmAbove,
      retries: this.options.retries,
    };
  }

  count(operation: string, requests: number): void {
    if (requests) this.byOperation[operation] = (this.byOperation[operation] ?? 0) + requests;
  }

  /** Keeps rows for `more`; returns their id. The oldest results are dropped first. */
  hold(columns: string[], rows: Record<string, unknown>[]): string {
    const id = `r${this.nextId++}`;
    this.held.set(id, { columns, rows });
    if (this.held.size > HELD_RESULTS) this.held.delete(this.held.keys().next().value!);
    return id;
  }

  heldRows(id: string): Held | undefined {
    return this.held.get(id);
  }

  /** Masks the token wherever it could appear in text we send back or log. */
  mask(text: string): string {
    const t = this.connection.token;
    // The sandbox's token is the public word "sandbox": nothing to hide.
    return !this.connection.sandbox && t.length >= 3 ? text.split(t).join('***') : text;
  }
}
