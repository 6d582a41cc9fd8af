import type { PreparedRequest } from './call.js';
import type { Outcome, Run, RunEnd, RunPage, RunStep } from './run-types.js';

/** The I/O of a host that sends many requests at once (Apps Script's UrlFetchApp.fetchAll). */
export interface BatchIo {
  /** Sends every request at once: one outcome per request, in order (`{ error }` where none came). */
  sendAll(requests: PreparedRequest[]): Outcome[];
  sleep(ms: number): void;
  /** Checked before each round: an error to stop with. */
  cancelled?(): unknown;
}

/** What a round brought for one job (its index in `runs`): a page, or its end. */
export type BatchEvent<Item = unknown> = { job: number; page: RunPage<Item> } | { job: number; end: RunEnd };

/**
 * Asks each job for its step until each can send or is done: pages its host's cache answered are
 * yielded on the way, and one sleep per pass covers the longest wait due.
 */
function* stepsOf<Item>(
  runs: readonly Run<Item>[],
  live: number[],
  io: BatchIo,
): Generator<BatchEvent<Item>, Map<number, RunStep>> {
  const steps = new Map<number, RunStep>();
  for (const j of live) steps.set(j, runs[j]!.next());
  for (;;) {
    const cached = [...steps].filter(([, s]) => s.kind === 'page');
    for (const [job, step] of cached) {
      yield { job, page: (step as { page: RunPage<Item> }).page };
      steps.set(job, runs[job]!.next());
    }
    if (cached.length) continue;
    const waiting = [...steps].filter(([, s]) => s.kind === 'wait');
    if (waiting.length === 0) return steps;
    io.sleep(Math.max(...waiting.map(([, s]) => (s as { ms: number }).ms)));
    for (const [j] of waiting) steps.set(j, runs[j]!.next());
  }
}

/**
 * Runs many jobs in rounds: each round sends every job's next request together, then feeds each answer
 * back to its job. Yields pages and ends as they come; a job's error ends that job only. Stop iterating
 * to stop between rounds (a time budget): every job keeps its resume point.
 */
export function* runBatched<Item>(runs: readonly Run<Item>[], io: BatchIo): Generator<BatchEvent<Item>> {
  let live = runs.map((_, j) => j);
  while (live.length) {
    const stop = io.cancelled?.();
    if (stop) throw stop;
    const sends: Array<{ job: number; request: PreparedRequest }> = [];
    for (const [job, step] of yield* stepsOf(runs, live, io)) {
      if (step.kind === 'done') {
        live = live.filter((j) => j !== job);
        yield { job, end: step };
      } else if (step.kind === 'send') sends.push({ job, request: step.request });
    }
    const outcomes = sends.length ? io.sendAll(sends.map((s) => s.request)) : [];
    for (const [i, { job }] of sends.entries()) {
      const page = runs[job]!.feed(outcomes[i] ?? { error: new Error('no answer in the batch') });
      if (page) yield { job, page };
    }
  }
}
