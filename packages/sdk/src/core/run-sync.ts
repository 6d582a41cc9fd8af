import type { PreparedRequest } from './call.js';
import type { HttpAnswer } from './envelope.js';
import type { Outcome, Run, RunPage } from './run-types.js';

/** The I/O of a synchronous host (Apps Script: UrlFetchApp.fetch, Utilities.sleep). */
export interface SyncIo {
  /** Sends one attempt; throws when no answer came. */
  send(request: PreparedRequest, attempt: number): HttpAnswer;
  sleep(ms: number): void;
  /** Checked before each step: an error to stop with. */
  cancelled?(): unknown;
}

/** runAsync for synchronous hosts: yields each page, throws the error that ended the run. */
export function* runSync<Item>(run: Run<Item>, io: SyncIo): Generator<RunPage<Item>> {
  for (;;) {
    // Not once the last page is in: a run that ended is not cancelled after the fact.
    const stop = run.done ? undefined : io.cancelled?.();
    if (stop) throw stop;
    const step = run.next();
    if (step.kind === 'done') {
      if (step.error !== undefined) throw step.error;
      return;
    }
    if (step.kind === 'page') {
      yield step.page as RunPage<Item>;
      continue;
    }
    if (step.kind === 'wait') {
      io.sleep(step.ms);
      continue;
    }
    let outcome: Outcome;
    try {
      outcome = io.send(step.request, step.attempt);
    } catch (error) {
      outcome = { error };
    }
    const page = run.feed(outcome);
    if (page) yield page;
  }
}
