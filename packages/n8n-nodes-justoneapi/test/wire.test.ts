// Where each request puts each parameter, the token included: exactly where the vendor declares it, through
// n8n's request helper and the credential's authenticate. One operation per shape, picked from the catalog
// (GET; POST with a form body, the token in it; POST with everything in the query string), run by the
// platform node in n8n-core's WorkflowExecute against the strict sandbox, which refuses a misplaced token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { INodeType } from 'n8n-workflow';
import { documentedOperations, pagingParams, type DocumentedOperation } from '@justoneapi/sdk/core';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { runWorkflow } from './harness';
import versions from '../nodes/versions.json';

const GOOD = 'tok-N8N-WIRE-6161';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [GOOD] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

const offered = documentedOperations.filter((op) => !op.deprecated && !op.hidden);
const SHAPES: Array<[string, DocumentedOperation]> = [
  ['GET', offered.find((op) => op.httpMethod === 'GET')!],
  ['POST form (token in the body)', offered.find((op) => op.httpMethod === 'POST' && op.tokenIn === 'body')!],
  ['POST query (token in the URL)', offered.find((op) => op.httpMethod === 'POST' && op.tokenIn !== 'body')!],
];

const sample = (p: DocumentedOperation['params'][number]) =>
  p.enum
    ? (p.default ?? p.enum[0]!.value)
    : p.type === 'integer' || p.type === 'number'
      ? (p.minimum ?? 1)
      : p.type === 'boolean'
        ? false
        : 'test';

/** The platform node of an operation, as tools/generate.mjs names its class (weixinChannels -> WeixinChannels). */
async function nodeOf(op: DocumentedOperation) {
  const cls = op.namespace.charAt(0).toUpperCase() + op.namespace.slice(1);
  const mod = (await import(`../nodes/${cls}/${cls}.node.ts`)) as Record<string, new () => unknown>;
  return {
    type: `n8n-nodes-justoneapi.${op.namespace}`,
    versioned: new mod[cls]!() as { getNodeType(v?: number): INodeType },
  };
}

describe('each parameter, the token included, goes where the vendor declares it', () => {
  it.each(SHAPES)('%s', async (_shape, op) => {
    const parameters: Record<string, unknown> = { operation: op.method, returnAll: false, limit: 1 };
    for (const p of op.params)
      if (p.required && !pagingParams(op).includes(p.name)) parameters[p.name] = sample(p);
    const r = await runWorkflow({
      parameters: parameters as never,
      credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
      node: await nodeOf(op),
      typeVersion: (versions as Record<string, { current?: number }>)[op.namespace]?.current ?? 1,
    });
    expect(r.error?.message).toBeUndefined();
    const sent = sandbox.stats.requests;
    expect(sent.length).toBeGreaterThan(0);
    for (const req of sent) {
      expect(req.code, JSON.stringify(req)).toBe(0);
      expect(req.method).toBe(op.httpMethod);
      const body = op.params.filter((p) => p.in === 'body').map((p) => p.name);
      if (op.tokenIn === 'body') {
        expect(req.form.token).toBe(GOOD);
        expect(req.urlQuery).toEqual({});
        expect(req.contentType).toMatch(/^application\/x-www-form-urlencoded/);
        for (const k of Object.keys(req.form)) expect([...body, 'token']).toContain(k);
      } else {
        expect(req.urlQuery.token).toBe(GOOD);
        expect(req.form).toEqual({});
        expect(req.body).toBe('');
      }
    }
  });
});
