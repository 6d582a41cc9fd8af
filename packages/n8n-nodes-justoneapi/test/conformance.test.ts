// Host-adapter conformance: every scenario of the sandbox's table (@justoneapi/sandbox/conformance) runs
// through the n8n action node (a real n8n-core workflow, test/harness.ts) against the sandbox over HTTP,
// and must put the same requests on the wire, output the same items, show the same usage and the same
// resume point as the engine's reference run. "Only new" is the trigger's: that scenario polls the
// Just One API Trigger twice, its static data kept between the polls as n8n keeps it.
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import {
  type ConformanceRun,
  type ConformanceScenario,
  conform,
  conformanceScenarios,
  type HostAdapter,
  type HostOutcome,
  type SandboxControl,
  sandboxControl,
} from '@justoneapi/sandbox/conformance';
import { type OperationSpec, pagingParams, prepareRequest } from '@justoneapi/sdk/core';
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import versions from '../nodes/versions.json';
import { runPoll, runWorkflow } from './harness';

let sandbox: Sandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox();
  control = sandboxControl(sandbox);
});
afterAll(() => sandbox.close());

const TOKEN = 'conformance-n8n';
type Usage = NonNullable<HostOutcome['usage']>;
const usageOf = (item: INodeExecutionData | undefined, keys: Array<keyof Usage>): Usage | undefined => {
  const u = item?.usage as Usage | undefined;
  return u && Object.fromEntries(keys.map((k) => [k, u[k]]));
};

/** The platform node of an operation (nodes/<Platform>/<Platform>.node.ts, generated), at its current version. */
async function platformNode(op: OperationSpec) {
  const name = op.namespace.charAt(0).toUpperCase() + op.namespace.slice(1);
  const mod = (await import(`../nodes/${name}/${name}.node.ts`)) as Record<
    string,
    new () => { getNodeType(version?: number): INodeType }
  >;
  const current = (versions as unknown as Record<string, { current: number }>)[op.namespace]?.current ?? 1;
  return { type: `n8n-nodes-justoneapi.${op.namespace}`, versioned: new mod[name]!(), current };
}

/** The node's parameters for a run: the operation's own fields, its paging state in Options > Start From. */
function nodeParameters(op: OperationSpec, run: ConformanceRun): IDataObject {
  const paging = pagingParams(op);
  const fields = Object.fromEntries(Object.entries(run.params).filter(([k]) => !paging.includes(k)));
  const start = Object.fromEntries(Object.entries(run.params).filter(([k]) => paging.includes(k)));
  const options: IDataObject = {
    maxRetries: run.retries,
    ...(run.maxRequests !== undefined && { maxRequests: run.maxRequests }),
    ...(Object.keys(start).length && { startFrom: JSON.stringify(start) }),
  };
  return {
    operation: op.method,
    ...fields,
    ...(op.pagination && { returnAll: true, maxPages: run.maxPages }),
    simplify: false,
    options,
  };
}

/** The action node as a host: one input item, its output and metadata read as n8n stores them. */
const actionNode: HostAdapter = async (scenario, run, _index, token) => {
  const { op } = scenario;
  const node = await platformNode(op);
  const r = await runWorkflow({
    parameters: nodeParameters(op, run) as never,
    credentials: { token, environment: 'custom', baseUrl: sandbox.url },
    typeVersion: node.current,
    node: { type: node.type, versioned: node.versioned },
  });
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  const last = r.items.at(-1);
  const paging = last?.paging as
    | { truncated?: boolean; resume?: IDataObject; stoppedBy?: { code: unknown } }
    | undefined;
  // The next run's params: the node's own (as it sends them, defaults included) from Start From on.
  const own = prepareRequest(op, run.params, { baseUrl: sandbox.url }).params;
  const out: HostOutcome = {
    items: r.items.map((i) => i.json),
    usage: usageOf(last, ['requests', 'ok', 'retries', 'pages', 'items', 'refused']),
    resume: paging?.resume ? { ...own, ...(paging.resume as HostOutcome['resume']) } : undefined,
  };
  // The end the node shows: the code that stopped it, or Max Pages; other ends it does not name.
  if (paging?.stoppedBy) out.end = String(paging.stoppedBy.code);
  else if (paging?.truncated) out.end = 'max-pages';
  return out;
};

/** The trigger as the host of "only new": one poll per run, the static data carried to the next. */
function triggerHost(): HostAdapter {
  const saved = new Map<string, IDataObject>();
  return async (scenario, run, _index, token) => {
    const { op } = scenario;
    const r = await runPoll({
      parameters: {
        platform: op.namespace,
        operation: op.method,
        ...run.params,
        maxPages: run.maxPages,
        maxRequests: run.maxRequests ?? 1000,
        simplify: false,
        // The reference delivers the first run's items: the trigger's first poll would only record them.
        options: { emitExisting: true, maxRetries: run.retries },
      } as never,
      credentials: { token, environment: 'custom', baseUrl: sandbox.url },
      staticData: saved.get(scenario.name) ?? {},
    });
    saved.set(scenario.name, r.staticData);
    const items = r.items ?? [];
    return {
      items: items.map((i) => i.json),
      ...(items.length && { usage: usageOf(items[0], ['requests', 'ok', 'pages', 'items', 'alreadySeen']) }),
    };
  };
}

const scenarios = conformanceScenarios();

describe('conformance: the n8n action node and trigger against the engine reference', () => {
  it('the table covers the request shapes, paging styles, interruptions and "only new"', () => {
    expect(new Set(scenarios.map((s) => s.style)).size).toBeGreaterThanOrEqual(5);
    expect(scenarios.some((s) => s.runs.some((r) => r.resumed))).toBe(true);
    expect(scenarios.some((s) => s.runs.some((r) => r.onlyNew))).toBe(true);
  });

  const trigger = triggerHost();
  it.each(scenarios.map((s) => [s.name, s] as [string, ConformanceScenario]))(
    '%s',
    async (_name, scenario) => {
      const host = scenario.runs.some((r) => r.onlyNew) ? trigger : actionNode;
      const { runs } = await conform(control, scenario, host, TOKEN);
      for (const { host: got, reference } of runs) {
        expect(got.requests.length).toBeGreaterThan(0);
        expect(got).toEqual(reference);
      }
    },
  );
});
