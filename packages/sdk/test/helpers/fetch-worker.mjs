// Sends the requests it is given with fetch, in parallel, posts the answers back, then wakes the
// blocked main thread (sync-fetch.ts).
import { workerData } from 'node:worker_threads';

const { port, flag } = workerData;
port.on('message', async (requests) => {
  const answers = await Promise.all(
    requests.map(async ({ method, url, body }) => {
      try {
        const headers = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' };
        const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(10_000) });
        return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
      } catch (e) {
        return { error: String(e.cause?.code ?? e.message) };
      }
    }),
  );
  port.postMessage(answers);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
