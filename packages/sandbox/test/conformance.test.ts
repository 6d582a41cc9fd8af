// The conformance module itself, with the SDK's client as the host: its `items()` by operation id must
// match the engine's reference run in every scenario, and a host that differs must be caught.
import { createClient } from '@justoneapi/sdk';
import { MemorySeenStore } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConformanceScenario,
  conform,
  conformanceScenarios,
  type HostAdapter,
  type SandboxControl,
  sandboxControl,
} from '../src/conformance.js';
import { type Sandbox, startSandbox } from '../src/index.js';

let sandbox: Sandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox();
  control = sandboxControl(sandbox);
});
afterAll(() => sandbox.close());

/** The SDK client as a host: one seen-store per scenario, kept across its runs. */
function clientHost(): HostAdapter {
  const stores = new Map<string, MemorySeenStore>();
  return async (scenario, run, _index, token) => {
    const client = createClient({ token, baseUrl: sandbox.url, maxRetries: run.retries });
    const store = stores.get(scenario.name) ?? new MemorySeenStore();
    stores.set(scenario.name, store);
    const items = client.items(scenario.op.id as never, run.params as never, {
      maxPages: run.maxPages,
      ...(run.maxRequests !== undefined && { maxRequests: run.maxRequests }),
      ...(run.onlyNew && { onlyNew: store }),
    });
    const got: unknown[] = [];
    let end: string | undefined;
    try {
      for await (const item of items) got.push(item);
    } catch (e) {
      end = String((e as { code?: unknown }).code);
    }
    const { requests, ok, retries, pages, items: counted, alreadySeen } = items.usage;
    return {
      items: got,
      usage: { requests, ok, retries, pages, items: counted, alreadySeen },
      resume: items.resume,
      ...(end && { end }),
    };
  };
}

const scenarios = conformanceScenarios();

describe('conformance scenarios through the SDK client', () => {
  it('cover every request shape, paging style and interruption of the table', () => {
    const styles = new Set(scenarios.map((s) => s.style));
    expect([...styles].sort()).toEqual(['cursor', 'none', 'offset', 'page', 'page+cursor']);
    expect(new Set(scenarios.map((s) => s.op.httpMethod))).toEqual(new Set(['GET', 'POST']));
    expect(scenarios.filter((s) => s.runs.some((r) => r.resumed)).length).toBeGreaterThanOrEqual(6);
  });

  const host = clientHost();
  it.each(scenarios.map((s) => [s.name, s] as [string, ConformanceScenario]))('%s', async (_n, scenario) => {
    const { runs } = await conform(control, scenario, host, 'conformance-client');
    for (const { host: got, reference } of runs) {
      expect(got.requests.length).toBeGreaterThan(0);
      expect(got).toEqual(reference);
    }
  });

  it('catches a host that drops the last item of each page', async () => {
    const lossy: HostAdapter = async (...args) => {
      const out = await clientHost()(...args);
      return { items: out.items.slice(0, -1) };
    };
    const { runs } = await conform(control, scenarios[3]!, lossy, 'conformance-lossy');
    expect(runs[0]!.host.items).not.toEqual(runs[0]!.reference.items);
  });
});
