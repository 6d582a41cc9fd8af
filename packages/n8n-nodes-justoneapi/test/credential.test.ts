import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Workflow, type INode, type INodeTypes } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { BASE_URLS, BUSINESS_CODES, resolveBaseUrl } from '@justoneapi/sdk/core';
import { JustOneApi } from '../credentials/JustOneApi.credentials';
import { ruleVerdict, testCredential } from './harness';

const credential = new JustOneApi();
const node: INode = {
  id: 'n',
  name: 'Temp',
  type: 'test.noop',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};
const workflow = new Workflow({
  nodes: [node],
  connections: {},
  active: false,
  nodeTypes: { getByNameAndVersion: () => undefined } as unknown as INodeTypes,
});
/** Resolves a credential expression with n8n's own expression engine, as n8n does with `$credentials`. */
const resolve = (value: string, creds: Record<string, unknown>) =>
  workflow.expression.getSimpleParameterValue(
    node,
    value,
    'internal',
    { $credentials: creds },
    undefined,
    '',
  );

describe('Just One API credential', () => {
  it('n8n names it after the product: "Just One API account", "Connect to Just One API"', () => {
    // n8n's editor drops the words API, OAuth1, OAuth2 and MCP from a credential's displayName (split on
    // spaces) to name new credentials and the Connect button (editor-ui getAppNameFromCredType, 2.40.7).
    const appName = credential.displayName
      .split(' ')
      .filter((w) => !['API', 'OAuth1', 'OAuth2', 'MCP'].includes(w))
      .join(' ');
    expect(appName.replace(/\u00a0/g, ' ')).toBe('Just One API');
  });

  it('says that its Test, run on saving and on opening a saved credential, is one paid call', () => {
    const first = credential.properties[0]!;
    expect(first.type).toBe('notice');
    expect(first.displayName).toMatch(/tests the token when you save.*each time you open it.*one paid call/);
  });

  it('warns that the Mainland China environment is plain HTTP, and offers a custom HTTPS URL', () => {
    const env = credential.properties.find((p) => p.name === 'environment')!;
    expect(env.options).toContainEqual(
      expect.objectContaining({ value: 'cn', name: 'Mainland China (Plain HTTP)' }),
    );
    const notice = credential.properties.find((p) => p.name === 'plainHttpNotice')!;
    expect(notice.displayOptions).toEqual({ show: { environment: ['cn'] } });
    expect(notice.displayName).toMatch(/plain HTTP.*unencrypted.*HTTPS/);
    const baseUrl = credential.properties.find((p) => p.name === 'baseUrl')!;
    expect(baseUrl.placeholder).toMatch(/^https:\/\//);
  });

  it.each<[{ environment: string; baseUrl?: string }, string]>([
    [{ environment: 'global' }, BASE_URLS.global],
    [{ environment: 'cn' }, BASE_URLS.cn],
    [{ environment: 'custom', baseUrl: ' http://127.0.0.1:8787/ ' }, 'http://127.0.0.1:8787'],
  ])('the Test request goes where the node sends its requests (%j)', (creds, expected) => {
    expect(resolve(credential.test.request.baseURL as string, creds)).toBe(expected);
    expect(expected).toBe(
      creds.environment === 'custom'
        ? resolveBaseUrl('global', creds.baseUrl)
        : resolveBaseUrl(creds.environment),
    );
  });

  it('adds the token to the query string, or to the form body of a form request (never both)', async () => {
    const creds = { token: 'tok-abc' };
    const get = await credential.authenticate(creds, { url: '/x', qs: { a: 1 } });
    expect(get.qs).toEqual({ a: 1, token: 'tok-abc' });
    expect(get.body).toBeUndefined();
    const form = await credential.authenticate(creds, {
      url: '/x',
      method: 'POST',
      body: 'keyword=%E5%92%96',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.body).toBe('keyword=%E5%92%96&token=tok-abc');
    expect(form.qs).toBeUndefined();
  });

  it('the Test reads the business code even on HTTP 4xx, with a rule for every failure code', () => {
    expect(credential.test.request.ignoreHttpStatusErrors).toBe(true);
    const rules = credential.test.rules as Array<{
      properties: { key: string; value: number; message: string };
    }>;
    const codes = rules.filter((r) => r.properties.key === 'code').map((r) => r.properties.value);
    expect(codes).toEqual(
      expect.arrayContaining(BUSINESS_CODES.filter((c) => c.code !== 0).map((c) => c.code)),
    );
    expect(codes).not.toContain(0);
    expect(rules.find((r) => r.properties.value === 100)!.properties.message).toMatch(
      /^Invalid or inactive token/,
    );
  });
});

describe('the Test button (n8n-core RoutingNode against the sandbox, rules checked as n8n does)', () => {
  const GOOD = 'tok-CRED-TEST-5521';
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ tokens: [GOOD] });
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.stats.reset());
  const test = (token: string) => testCredential({ token, environment: 'custom', baseUrl: sandbox.url });

  it('a good token: "Connection successful" after one User Search request with the token', async () => {
    expect(await test(GOOD)).toEqual({ status: 'OK', message: 'Connection successful!' });
    expect(sandbox.stats.requests.map((r) => [r.path, r.token, r.code])).toEqual([
      ['/api/xiaohongshu/search-user/v2', GOOD, 0],
    ]);
  });

  it.each(BUSINESS_CODES.filter((c) => c.code !== 0).map((c) => [c.code, c.meaning] as const))(
    'code %i (also on its HTTP error status) fails with "%s" and what to do',
    async (code, meaning) => {
      const result = await test(`sandbox-${code}`);
      expect(result.status).toBe('Error');
      expect(result.message).toContain(`${meaning} (code ${code})`);
      expect(sandbox.stats.total()).toBe(1);
    },
  );

  it('a wrong token fails as code 100', async () => {
    expect(await test('tok-WRONG-5521')).toEqual({
      status: 'Error',
      message: expect.stringMatching(/^Invalid or inactive token \(code 100\)/),
    });
  });

  it.each([101, 202, 300, 404, 602])(
    'code %i, in the spec without a documented meaning, fails naming the code',
    async (code) => {
      expect(await test(`sandbox-${code}`)).toEqual({
        status: 'Error',
        message: expect.stringContaining(`answered code ${code}`),
      });
    },
  );

  it('a code-0 answer passes even with data null: the token works (rules read as n8n reads them)', () => {
    expect(ruleVerdict({ code: 0, data: null, message: 'success', requestId: 'r-1' })).toEqual({
      status: 'OK',
      message: 'Connection successful!',
    });
    expect(ruleVerdict({ code: 0, data: { users: [] } }).status).toBe('OK');
    expect(ruleVerdict({ code: 303, data: null }).message).toMatch(/^Daily quota exceeded \(code 303\)/);
  });

  it.each(['sandbox-html502', 'sandbox-truncated'])("%s (not the API's JSON) fails", async (token) => {
    expect(await test(token)).toEqual({
      status: 'Error',
      message: expect.stringMatching(/^The answer is not Just One API's JSON/),
    });
    expect(sandbox.stats.total()).toBe(1);
  });
});
