// The run engine's conformance scenarios (@justoneapi/sandbox/conformance) through a JustOneAPI node in a
// real Node-RED runtime: the same requests on the wire, the same items, usage and resume point as the
// engine's reference run, in "one message, all pages" and "one message per page".
import { createRequire } from 'node:module';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import {
  type ConformanceScenario,
  conform,
  conformanceScenarios,
  type HostAdapter,
  type HostOutcome,
  type SandboxControl,
  sandboxControl,
} from '@justoneapi/sandbox/conformance';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catchNode, configNode, helper } from './helper';

const require = createRequire(import.meta.url);
type Msg = Record<string, any>;
let sandbox: Sandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox();
  control = sandboxControl(sandbox);
  await helper.startServer();
});
afterAll(async () => {
  await helper.unload();
  await helper.stopServer();
  await sandbox.close();
});

/** The platform node set of an operation, as Node-RED loads it. */
const nodeSet = (ns: string) => require(`../nodes/justoneapi-${ns}.js`);

/**
 * One scenario run as a user's flow: the account node (its Max retries), the platform node with the
 * operation, every parameter read from msg.<name> (the editor's default), Pages, Max requests and Only
 * new, raw API items; one message in, then the output and Catch read back.
 */
function nodeRedHost(mode: 'all' | 'page'): HostAdapter {
  return async (scenario, run, index, token) => {
    const { op } = scenario;
    // "Only new" across the runs of a scenario: the seen-set a persistent context store keeps over a redeploy.
    const carried =
      index > 0 && run.onlyNew ? helper.getNode('n1')?.context().get('justoneapi_seen') : undefined;
    await helper.unload();
    const flow = [
      { id: 'tab', type: 'tab', label: 'conformance' },
      {
        id: 'cfg',
        type: 'justoneapi-config',
        region: 'custom',
        baseUrl: sandbox.url,
        maxRetries: run.retries,
      },
      {
        id: 'n1',
        type: `justoneapi-${op.namespace}`,
        z: 'tab',
        config: 'cfg',
        operation: op.method,
        mode,
        output: 'raw',
        pages: run.maxPages,
        maxRequests: run.maxRequests ?? '',
        onlyNew: run.onlyNew,
        wires: [['out']],
      },
      { id: 'out', type: 'helper', z: 'tab' },
      { id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper', z: 'tab' },
    ];
    await helper.load([configNode, nodeSet(op.namespace), catchNode], flow, { cfg: { token } });
    if (carried) helper.getNode('n1').context().set('justoneapi_seen', carried);
    const out: Msg[] = [];
    const caught: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    helper.getNode('caught').on('input', (m: Msg) => caught.push(m));
    const ended = () =>
      caught.length > 0 ||
      out.some((m) => !op.pagination || m.justoneapi?.complete === true || m.justoneapi?.done === true);
    helper.getNode('n1').receive({ ...run.params });
    for (let i = 0; i < 1500 && !ended(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(ended(), `${scenario.name}: the node never finished`).toBe(true);
    return outcome(out, caught, Boolean(op.pagination));
  };
}

/** What the node showed: items from the output, usage and where to continue from the last message. */
function outcome(out: Msg[], caught: Msg[], paged: boolean): HostOutcome {
  const items = out.flatMap((m) => (paged ? m.payload : Array.isArray(m.payload) ? m.payload : [m.payload]));
  const last = caught[0] ?? out.at(-1)!;
  const { requests, ok, retries, pages, items: counted, alreadySeen } = last.justoneapi.usage;
  return {
    items,
    usage: { requests, ok, retries, pages, items: counted, alreadySeen },
    resume: last.justoneapi.next,
    // Always there, so the reference's end is kept for the test to compare (the node shows errors only).
    end: caught[0] ? String(caught[0].justoneapi.code) : undefined,
  };
}

const scenarios = conformanceScenarios();
/** A run the reference ended with an error (a business code, BUDGET, CONNECTION), not a stop rule. */
const failed = (end: string | undefined) => end !== undefined && /^(\d+|[A-Z_]+)$/.test(end);

describe.each(['all', 'page'] as const)('conformance: a JustOneAPI node sending "%s"', (mode) => {
  beforeEach(() => helper.unload());
  const host = nodeRedHost(mode);
  it.each(scenarios.map((s) => [s.name, s] as [string, ConformanceScenario]))('%s', async (_n, scenario) => {
    const { runs } = await conform(control, scenario, host, `conformance-node-red-${mode}`);
    for (const { host: got, reference } of runs) {
      expect(got.requests.length).toBeGreaterThan(0);
      // The node shows no stop reason, only errors: a run the reference ended with one went to Catch.
      const { end: refEnd, ...ref } = reference;
      const { end, ...rest } = got;
      expect(end, 'the error that went to Catch').toBe(failed(refEnd) ? refEnd : undefined);
      expect(rest).toEqual(ref);
    }
  });
});
