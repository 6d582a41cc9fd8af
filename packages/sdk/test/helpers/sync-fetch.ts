import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { HttpAnswer } from '../../src/core/index.js';

export interface WireRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
}

/** A transport failure: the message of the error fetch threw (ECONNRESET …). */
export type WireAnswer = HttpAnswer | { error: string };

/**
 * A synchronous fetch, as Apps Script's UrlFetchApp.fetchAll is: the requests go out in parallel from
 * a worker thread while this thread blocks on Atomics.wait until the answers are in.
 */
export function createSyncFetch() {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./fetch-worker.mjs', import.meta.url), {
    workerData: { port: port2, flag },
    transferList: [port2],
  });
  return {
    fetchAll(requests: WireRequest[]): WireAnswer[] {
      Atomics.store(flag, 0, 0);
      port1.postMessage(requests.map(({ method, url, body }) => ({ method, url, body })));
      Atomics.wait(flag, 0, 0);
      return receiveMessageOnPort(port1)!.message as WireAnswer[];
    },
    close: () => worker.terminate(),
  };
}
