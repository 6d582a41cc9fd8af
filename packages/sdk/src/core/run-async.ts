import type { PreparedRequest } from './call.js';
import type { HttpAnswer } from './envelope.js';
import type { Outcome, Run, RunPage } from './run-types.js';

/** The I/O of an asynchronous host (Node, the CLI, n8n, Node-RED). */
export interface AsyncIo {
  /** Sends one attempt; throws (TimeoutError, ConnectionError …) when no answer came. */
  send(request: PreparedRequest, attempt: number): Promise<HttpAnswer>;
  sleep(ms: number): Promise<void>;
  /** Checked before each step: an error to stop with (the caller aborted, the workflow was cancelled). */
  cancelled?(): unknown;
}

/** Runs a run to its end: yields each page, throws the error that ended it (a budget refusal carries `next`). */
export async function* runAsync<Item>(run: Run<Item>, io: AsyncIo): AsyncGenerator<RunPage<Item>> {
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
      await io.sleep(step.ms);
      continue;
    }
    let outcome: Outcome;
    try {
      outcome = await io.send(step.request, step.attempt);
    } catch (error) {
      outcome = { error };
    }
    const page = run.feed(outcome);
    if (page) yield page;
  }
}
