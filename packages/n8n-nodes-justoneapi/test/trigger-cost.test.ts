// What the trigger costs: a configuration that failed is not paid for again on n8n's activation retries;
// Fetch Test Event runs before the Item ID Field is known (and suggests one); v2 polls hourly by default
// and shows the most requests a day its settings allow, while v1 keeps n8n's every-minute default for
// saved workflows; saved deprecated or hidden operations keep their fields.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryLoader } from 'n8n-core';
import {
  NodeOperationError,
  Workflow,
  type IDataObject,
  type INode,
  type INodeProperties,
  type INodeType,
  type INodeTypes,
} from 'n8n-workflow';
import { documentedOperations } from '@justoneapi/sdk/core';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { runPoll, type PollOptions } from './harness';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';

const GOOD = 'tok-N8N-TRIGGER-COST-3131';
const COMMENTS_METHOD = 'getVideoCommentV1';
const COMMENTS = '/api/douyin/get-video-comment/v1';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const comments = (awemeId: string, extra: Record<string, unknown> = {}) => ({
  platform: 'douyin',
  operation: COMMENTS_METHOD,
  awemeId,
  simplify: false,
  maxPages: 3,
  ...extra,
});
const poll = (parameters: Record<string, unknown>, o: Partial<PollOptions> = {}) =>
  runPoll({
    parameters: parameters as PollOptions['parameters'],
    credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
    ...o,
  });

describe('a configuration error costs at most one request across n8n activation retries', () => {
  it('a wrong Item ID Field fails once with a request, then is refused without one until the settings change', async () => {
    const wrong = comments('7300000000000009001', { itemIdField: 'nope' });
    const first = await poll(wrong).catch((e: unknown) => e);
    expect((first as Error).message).toMatch(/no item has the id field "nope"/);
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(1);
    // n8n 2.40 retries a failed activation up to 5 times (1, 2, 4, 8 s apart); older hosts keep retrying.
    for (let attempt = 0; attempt < 4; attempt++) {
      const again = await poll(wrong).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(NodeOperationError);
      expect((again as Error).message).toMatch(/no item has the id field "nope"/);
      expect((again as NodeOperationError).description).toMatch(/not sent again/i);
    }
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(1);
    // Another workflow with the same settings is its own configuration.
    await poll(wrong, { workflowId: 'wf-other' }).catch(() => undefined);
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(2);
    // Fixed settings poll again.
    const fixed = await poll({ ...wrong, itemIdField: 'id' });
    expect(fixed.items).toBeNull();
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(3 + 2); // pages 1-3 of the fixed poll
  });

  it('Fetch Test Event (manual) is not refused: the person asked for it', async () => {
    const wrong = comments('7300000000000009002', { itemIdField: 'nope' });
    await poll(wrong).catch(() => undefined);
    const manual = await poll(wrong, { mode: 'manual' }).catch((e: unknown) => e);
    expect((manual as Error).message).toMatch(/no item has the id field "nope"/);
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(2);
  });
});

describe('paid pages are delivered: a later page that fails', () => {
  it('emits and records the new items of the pages before it, so the next poll does not pay for them again', async () => {
    const parameters = comments('7300000000000009005', {
      itemIdField: 'id',
      maxPages: 5,
      options: { emitExisting: true },
    }) as PollOptions['parameters'];
    const quotaOnPage3 = 'sandbox-every3-303';
    const credentials = { token: quotaOnPage3, environment: 'custom', baseUrl: sandbox.url };
    const first = await runPoll({ parameters, credentials });
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(3);
    const emitted = (first.items ?? []).map((i) => String(i.json.id));
    expect(emitted).toHaveLength(10);
    const seen = (first.staticData['node:Trigger'] as { seen: Record<string, Record<string, number>> }).seen;
    expect(Object.keys(Object.values(seen)[0]!).sort()).toEqual([...emitted].sort());
  });
});

describe('Fetch Test Event before the Item ID Field is known', () => {
  it('runs without it: one request, sample items, and the fields that could identify an item', async () => {
    const r = await poll(comments('7300000000000009003', { itemIdField: '' }), { mode: 'manual' });
    expect(sandbox.stats.count({ path: COMMENTS })).toBe(1);
    expect(r.items!.length).toBeGreaterThan(0);
    expect(r.items!.length).toBeLessThanOrEqual(5);
    const candidates = r.items![0]!.json.itemIdFieldCandidates as string[];
    expect(candidates[0]).toBe('id');
    expect(r.staticData).toEqual({});
  });

  it('the field is not required in the editor (Fetch Test Event stays enabled), but activation needs it, with zero requests', async () => {
    const { description } = new JustOneApiTrigger().getNodeType(2);
    const fields = description.properties.filter((p) => p.name === 'itemIdField');
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(f.required).toBeUndefined();
    const err = await poll(comments('7300000000000009004', { itemIdField: '' }), { typeVersion: 2 }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/Item ID Field is required/);
    expect((err as Error).message).toMatch(/Fetch Test Event/);
    expect(sandbox.stats.count()).toBe(0);
  });
});

/** The node type as n8n's loader leaves it: DirectoryLoader adds n8n's Poll Times to a polling node. */
function loaded(version: number): INodeType {
  const type = new JustOneApiTrigger().getNodeType(version) as INodeType;
  const description = { ...type.description, properties: type.description.properties };
  const copy = { ...type, description } as INodeType;
  (
    DirectoryLoader.prototype as unknown as { applySpecialNodeParameters(t: INodeType): void }
  ).applySpecialNodeParameters.call({}, copy);
  return copy;
}

function evaluate(expression: string, node: INodeType, parameters: INode['parameters']): unknown {
  const n: INode = { id: 'n', name: 'n', type: 'x', typeVersion: 2, position: [0, 0], parameters };
  const workflow = new Workflow({
    nodes: [n],
    connections: {},
    active: false,
    nodeTypes: { getByNameAndVersion: () => node } as unknown as INodeTypes,
  });
  return workflow.expression.getSimpleParameterValue(n, expression, 'internal', {}, undefined, '');
}

describe('the schedule: v2 polls hourly by default and shows the most requests a day', () => {
  it('v2 is the default version; n8n loads it with one Poll Times, every hour, and a notice of the cost next to it', () => {
    const trigger = new JustOneApiTrigger();
    expect(trigger.description.defaultVersion).toBe(2);
    const props = loaded(2).description.properties;
    const schedules = props.filter((p) => p.name === 'pollTimes');
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.default).toEqual({ item: [{ mode: 'everyHour' }] });
    expect(props[0]!.name).toBe('pollTimes');
    expect(props[1]).toMatchObject({ type: 'notice' });
    expect(String(props[1]!.displayName)).toMatch(/requests a day/);
    // Stop When a Page Has Nothing New (on by default in v2): a poll with nothing new is one request.
    expect(String(props[1]!.displayName)).toMatch(/a poll with nothing new costs one request: 24 a day/);
  });

  it("v1 (saved workflows) keeps n8n's every-minute default", () => {
    const props = loaded(1).description.properties;
    const schedules = props.filter((p) => p.name === 'pollTimes');
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.default).toEqual({ item: [{ mode: 'everyMinute' }] });
  });

  it('the subtitle shows the most requests a day the settings allow', () => {
    const type = loaded(2);
    const subtitle = String(type.description.subtitle);
    const at = (parameters: IDataObject) =>
      String(evaluate(subtitle, type, { operation: 'getNoteFeed', ...parameters } as INode['parameters']));
    const hourly = { item: [{ mode: 'everyHour', minute: 0 }] };
    // Defaults: Max Pages per Poll 3, Max Requests per Poll 10, Max Retries 2: at most min(10, 3 x 3) = 9.
    expect(at({ pollTimes: hourly, maxPages: 3, maxRequests: 10 })).toMatch(/216 requests a day/);
    expect(at({ pollTimes: { item: [{ mode: 'everyMinute' }] }, maxPages: 3, maxRequests: 10 })).toMatch(
      /12,960 requests a day/,
    );
    expect(
      at({
        pollTimes: { item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] },
        maxPages: 1,
        maxRequests: 10,
      }),
    ).toMatch(/288 requests a day/);
    expect(at({ pollTimes: hourly, maxPages: 3, maxRequests: 2, options: { maxRetries: 0 } })).toMatch(
      /48 requests a day/,
    );
    // With Stop When a Page Has Nothing New, the polls that find nothing new cost one request each.
    expect(at({ pollTimes: hourly, maxPages: 3, maxRequests: 10, stopAtSeen: true })).toMatch(
      /at most 216 requests a day, 24 when nothing is new/,
    );
    expect(at({ pollTimes: hourly, maxPages: 3, maxRequests: 10, stopAtSeen: false })).not.toMatch(
      /nothing is new/,
    );
    expect(
      at({
        pollTimes: { item: [{ mode: 'custom', cronExpression: '0 * * * *' }] },
        maxPages: 1,
        maxRequests: 1,
      }),
    ).toMatch(/New items/);
  });
});

describe('a saved trigger on a deprecated or hidden paged operation keeps its fields', () => {
  it('each retired paged operation has its option (shown only when saved) and its required fields', () => {
    const props = new JustOneApiTrigger().getNodeType(2).description.properties;
    const retired = documentedOperations.filter(
      (op) =>
        op.pagination &&
        (op.deprecated || op.hidden) &&
        props.some((p) => p.displayOptions?.show?.platform?.includes(op.namespace)),
    );
    expect(retired.length).toBeGreaterThan(0);
    for (const op of retired) {
      const list = props.find(
        (p) => p.name === 'operation' && p.displayOptions?.show?.platform?.includes(op.namespace),
      )!;
      const option = list.options!.find((o) => 'value' in o && o.value === op.method) as
        | { displayOptions?: INodeProperties['displayOptions'] }
        | undefined;
      expect(option?.displayOptions, op.id).toEqual({ show: { operation: [op.method] } });
      for (const p of op.params.filter((x) => x.required))
        expect(
          props.some((f) => f.name === p.name && f.displayOptions?.show?.operation?.includes(op.method)) ||
            op.pagination!.state.some((s) => s.param === p.name),
          `${op.id} ${p.name}`,
        ).toBe(true);
    }
  });
});
