import { Worker } from 'node:worker_threads';
import type { RequestRecord, Scenario } from '@justoneapi/sandbox';

/** The sandbox in a worker thread (sandbox-worker.mjs), driven by messages. */
export interface RemoteSandbox {
  url: string;
  requests(): Promise<RequestRecord[]>;
  reset(): Promise<void>;
  /** Sets the token's scenario and restarts its request count (faults on the nth request). */
  setScenario(token: string, scenario: Scenario | undefined): Promise<void>;
  close(): Promise<void>;
}

export async function startRemoteSandbox(): Promise<RemoteSandbox> {
  const worker = new Worker(new URL('./sandbox-worker.mjs', import.meta.url));
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let seq = 0;
  const ask = <T>(cmd: string, args: unknown[] = []) =>
    new Promise<T>((resolve) => {
      const id = ++seq;
      const onMessage = (m: { id: number; value: T }) => {
        if (m.id !== id) return;
        worker.off('message', onMessage);
        resolve(m.value);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, cmd, args });
    });
  return {
    url,
    requests: () => ask('requests'),
    reset: () => ask('reset'),
    setScenario: (token, scenario) => ask('setScenario', [token, scenario]),
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}
