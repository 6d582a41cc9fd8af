import { describe, expect, it } from 'vitest';
import { Workflow, type INode, type INodeTypes } from 'n8n-workflow';
import { BASE_URLS, BUSINESS_CODES, resolveBaseUrl } from '@justoneapi/sdk/core';
import { JustOneApi } from '../credentials/JustOneApi.credentials';

const credential = new JustOneApi();
const node: INode = { id: 'n', name: 'Temp', type: 'test.noop', typeVersion: 1, position: [0, 0], parameters: {} };
const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: { getByNameAndVersion: () => undefined } as unknown as INodeTypes });
/** Resolves a credential expression with n8n's own expression engine, as n8n does with `$credentials`. */
const resolve = (value: string, creds: Record<string, unknown>) => workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: creds }, undefined, '');

describe('Just One API credential', () => {
  it.each<[{ environment: string; baseUrl?: string }, string]>([
    [{ environment: 'global' }, BASE_URLS.global],
    [{ environment: 'cn' }, BASE_URLS.cn],
    [{ environment: 'custom', baseUrl: ' http://127.0.0.1:8787/ ' }, 'http://127.0.0.1:8787'],
  ])('the Test request goes where the node sends its requests (%j)', (creds, expected) => {
    expect(resolve(credential.test.request.baseURL as string, creds)).toBe(expected);
    expect(expected).toBe(creds.environment === 'custom' ? resolveBaseUrl('global', creds.baseUrl) : resolveBaseUrl(creds.environment));
  });

  it('adds the token as the token query parameter', () => {
    const { qs } = credential.authenticate.properties;
    expect(Object.keys(qs ?? {})).toEqual(['token']);
    expect(resolve(String(qs!.token), { token: 'tok-abc' })).toBe('tok-abc');
  });

  it('the Test reads the business code even on HTTP 4xx, with a rule for every failure code', () => {
    expect(credential.test.request.ignoreHttpStatusErrors).toBe(true);
    const rules = credential.test.rules as Array<{ properties: { key: string; value: number; message: string } }>;
    expect(rules.map((r) => r.properties.value)).toEqual(BUSINESS_CODES.filter((c) => c.code !== 0).map((c) => c.code));
    expect(rules.find((r) => r.properties.value === 100)!.properties.message).toMatch(/^Invalid or inactive token/);
  });
});
