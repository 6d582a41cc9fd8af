// The vendor's highlights in the generated nodes: notices on the operation, and for a 'danger' one
// ("Direct calls to this endpoint do not fetch product data") a switch named for it. Run by n8n-core's
// WorkflowExecute against the sandbox: off (the default) the node refuses the call with 0 requests and
// says why; on, it sends the call.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { INodeProperties } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { documentedOperations, documentedPlatforms } from '@justoneapi/sdk/core';
import { runWorkflow } from './harness';
import { acknowledgeField } from '../nodes/shared/acknowledge';
import { platformProperties } from '../nodes/shared/properties';
import { Jd } from '../nodes/Jd/Jd.node';
import { Taobao } from '../nodes/Taobao/Taobao.node';

const GOOD = 'tok-N8N-HIGHLIGHT-7070';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const NODES = { taobao: Taobao, jd: Jd } as const;
const danger = documentedOperations.filter((op) => op.danger?.length && !op.deprecated && !op.hidden);

describe('highlights in the node description', () => {
  it('every offered operation shows each vendor highlight as a notice for that operation', () => {
    for (const op of documentedOperations.filter((o) => o.highlights?.length && !o.deprecated && !o.hidden)) {
      const props = platformProperties(
        documentedPlatforms.find((p) => p.id === op.namespace)!,
        documentedOperations,
      );
      const notices = props.filter(
        (p: INodeProperties) => p.type === 'notice' && p.displayOptions?.show?.operation?.includes(op.method),
      );
      expect(
        notices.map((n) => n.displayName),
        op.id,
      ).toEqual(op.highlights!.map((h) => expect.stringContaining(h.content)));
    }
  });
});

describe.each(danger.map((op) => [op.id, op] as const))('%s (the vendor marks it danger)', (_id, op) => {
  const h = op.danger![0]!;
  const run = (acknowledge?: boolean) =>
    runWorkflow({
      platform: {
        node: NODES[op.namespace as keyof typeof NODES],
        type: `n8n-nodes-justoneapi.${op.namespace}`,
      },
      typeVersion: 1,
      credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
      parameters: {
        operation: op.method,
        itemId: '100',
        ...(acknowledge === undefined ? {} : { [acknowledgeField(h)]: acknowledge }),
      },
    });

  it('has a switch named for the highlight, off by default', () => {
    const props = platformProperties(
      documentedPlatforms.find((p) => p.id === op.namespace)!,
      documentedOperations,
    );
    const field = props.find((p) => p.name === acknowledgeField(h))!;
    expect(field).toMatchObject({
      type: 'boolean',
      default: false,
      displayOptions: { show: { operation: [op.method] } },
    });
    expect(field.displayName).toContain(h.text.replace(/\.$/, ''));
  });

  it('refuses the call without the acknowledgement: 0 requests, and says why', async () => {
    for (const ack of [undefined, false]) {
      const r = await run(ack);
      expect(r.error?.message).toBe(`The vendor warns: "${h.text}"`);
      expect(String(r.error?.description)).toMatch(/Nothing was sent.*Acknowledge/);
      expect(sandbox.stats.count()).toBe(0);
    }
  });

  it('sends it with the acknowledgement', async () => {
    const r = await run(true);
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count()).toBe(1);
    expect(sandbox.stats.requests[0]!.path).toBe(op.path);
  });
});
