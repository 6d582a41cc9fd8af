import { Worker } from 'node:worker_threads';

/** What the sandbox recorded of a request (its stats.requests): where each parameter and the token arrived. */
export interface SandboxRequest {
  method: string;
  path: string;
  token: string;
  /** The URL's query and the form body together, token excluded. */
  query: Record<string, string>;
  urlQuery: Record<string, string>;
  form: Record<string, string>;
  contentType: string;
  body: string;
  code: number | null;
}

export interface RemoteSandbox {
  url: string;
  /** A second base URL in front of the sandbox that adds `Retry-After: 30` to HTTP 429 answers. */
  gatewayUrl: string;
  /** A base URL in front of the sandbox whose user names are about 5 KB of UTF-8 each. */
  inflateUrl: string;
  /** Each request the sandbox got, with the business code it answered (null: no answer). */
  requests(): Promise<SandboxRequest[]>;
  reset(): Promise<void>;
  setScenario(token: string, scenario: object | undefined): Promise<void>;
  close(): Promise<void>;
}

/** The sandbox (and a gateway in front of it) in a worker thread (see sandbox-worker.mjs). */
export async function startRemoteSandbox(options: object = {}): Promise<RemoteSandbox> {
  const worker = new Worker(new URL('./sandbox-worker.mjs', import.meta.url), { workerData: options });
  const { url, gatewayUrl, inflateUrl } = await new Promise<{
    url: string;
    gatewayUrl: string;
    inflateUrl: string;
  }>((resolve, reject) => {
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
    gatewayUrl,
    inflateUrl,
    requests: () => ask('requests'),
    reset: () => ask('reset'),
    setScenario: (token, scenario) => ask('setScenario', [token, scenario]),
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}
