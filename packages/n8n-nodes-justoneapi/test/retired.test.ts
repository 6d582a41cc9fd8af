// Saved workflows keep running operations the vendor has since deprecated or hidden: n8n drops every
// saved parameter that no field of the node's description shows for the saved operation, so the
// description keeps their fields (and their Operation option, shown only when it is the saved value).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeHelpers, type INodeProperties, type INodeType } from 'n8n-workflow';
import { documentedOperations, pagingParams, type DocumentedOperation } from '@justoneapi/sdk/core';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { runWorkflow } from './harness';
import { Taobao } from '../nodes/Taobao/Taobao.node';

const GOOD = 'tok-N8N-RETIRED-7070';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const taobao = { type: 'n8n-nodes-justoneapi.taobao', versioned: new Taobao() };
const retired = documentedOperations.filter(
  (op) => op.namespace === 'taobao' && (op.deprecated || op.hidden),
);
const CASES = [
  retired.find((op) => op.deprecated && !op.hidden && !op.pagination)!,
  retired.find((op) => op.hidden && !op.deprecated && !op.pagination)!,
].map((op): [string, DocumentedOperation] => [op.id, op]);

describe('a saved deprecated or hidden operation keeps running', () => {
  it.each(CASES)('%s sends its saved parameters', async (_id, op) => {
    const required = op.params.filter((p) => p.required && !pagingParams(op).includes(p.name));
    expect(required.length).toBeGreaterThan(0);
    const parameters: Record<string, unknown> = { operation: op.method };
    for (const p of required) parameters[p.name] = '680000000001';
    const r = await runWorkflow({
      parameters: parameters as never,
      credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
      node: taobao,
    });
    expect(r.error?.message).toBeUndefined();
    const sent = sandbox.stats.requests.filter((q) => q.path === op.path);
    expect(sent).toHaveLength(1);
    for (const p of required) expect(sent[0]!.query[p.name]).toBe('680000000001');
  });

  it('is not offered to a new node: its Operation option shows only when it is the saved value', () => {
    const type = taobao.versioned.getNodeType() as INodeType;
    const operation = type.description.properties.find((p) => p.name === 'operation')!;
    const node = (value: string) =>
      ({
        id: 'n',
        name: 'n',
        type: taobao.type,
        typeVersion: 1,
        position: [0, 0],
        parameters: { operation: value },
      }) as never;
    const shown = (value: string) =>
      (operation.options as Array<{ value: string; displayOptions?: INodeProperties['displayOptions'] }>)
        .filter(
          (o) =>
            !o.displayOptions ||
            NodeHelpers.displayParameter({ operation: value }, o as never, node(value), type.description),
        )
        .map((o) => o.value);
    const fresh = shown(String(operation.default));
    for (const op of retired) {
      expect(fresh).not.toContain(op.method);
      expect(shown(op.method)).toContain(op.method);
    }
  });
});
