import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOperations, startSandbox, type Sandbox } from '../src/index.js';

// The sandbox refuses every request that does not match the vendor's declaration, so that a client
// that sends a POST as a GET, the token in the wrong place or an undeclared body fails its tests.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const FORM_OP = '/api/weixin-channels/search-video/v1'; // POST, form body, token in the body
const QUERY_POST = '/api/weixin/search-account/v1'; // POST, parameters and token in the query
const GET_OP = '/api/xiaohongshu/search-user/v2';
const form = 'application/x-www-form-urlencoded';

async function send(path: string, init: { method: string; query?: string; body?: string; type?: string }) {
  const res = await fetch(`${sandbox.url}${path}${init.query ? `?${init.query}` : ''}`, {
    method: init.method,
    ...(init.body !== undefined ? { body: init.body } : {}),
    headers: init.type ? { 'content-type': init.type } : {},
  });
  return { status: res.status, body: (await res.json()) as { code: number; message: string | null } };
}

describe('requests are checked against the vendor declaration', () => {
  it('accepts each declared shape', async () => {
    expect(
      (await send(FORM_OP, { method: 'POST', body: 'token=sandbox&keyword=%E5%92%96', type: form })).body
        .code,
    ).toBe(0);
    expect((await send(QUERY_POST, { method: 'POST', query: 'token=sandbox&keyword=a' })).body.code).toBe(0);
    expect((await send(GET_OP, { method: 'GET', query: 'token=sandbox&keyword=a' })).body.code).toBe(0);
  });

  it('refuses a POST operation sent as a GET, saying which method the vendor declares', async () => {
    const r = await send(FORM_OP, { method: 'GET', query: 'token=sandbox&keyword=a' });
    expect(r.status).toBe(405);
    expect(r.body).toMatchObject({ code: 400 });
    expect(r.body.message).toContain(`POST ${FORM_OP}`);
  });

  it('refuses the token in the URL of a form-body operation', async () => {
    const r = await send(FORM_OP, {
      method: 'POST',
      query: 'token=sandbox',
      body: 'token=sandbox&keyword=a',
      type: form,
    });
    expect(r.body.code).toBe(400);
    expect(r.body.message).toMatch(/"token" must go in the form body/);
    expect(r.body.message).not.toContain('sandbox&');
  });

  it('refuses a form-body operation without a form content type', async () => {
    const r = await send(FORM_OP, { method: 'POST', body: '{"token":"sandbox"}', type: 'application/json' });
    expect(r.body.message).toMatch(/application\/x-www-form-urlencoded body/);
  });

  it('refuses a body on an operation whose parameters go in the query', async () => {
    const r = await send(QUERY_POST, {
      method: 'POST',
      query: 'token=sandbox&keyword=a',
      body: 'token=sandbox',
      type: form,
    });
    expect(r.body.code).toBe(400);
    expect(r.body.message).toMatch(/takes no request body/);
  });

  it('refuses an undeclared parameter and a parameter in the wrong place', async () => {
    const undeclared = await send(GET_OP, { method: 'GET', query: 'token=sandbox&keyword=a&bogus=1' });
    expect(undeclared.body.message).toMatch(/"bogus" is not declared/);
    const misplaced = await send(FORM_OP, {
      method: 'POST',
      query: 'keyword=a',
      body: 'token=sandbox',
      type: form,
    });
    expect(misplaced.body.message).toMatch(/"keyword" must go in the form body/);
  });

  it('records where each parameter arrived', async () => {
    sandbox.stats.reset();
    await send(FORM_OP, { method: 'POST', body: 'token=sandbox&keyword=k', type: form });
    const [r] = sandbox.stats.requests;
    expect(r).toMatchObject({
      method: 'POST',
      contentType: form,
      urlQuery: {},
      form: { token: 'sandbox', keyword: 'k' },
    });
  });

  it('knows every POST operation of the catalog', () => {
    expect(defaultOperations.filter((o) => o.httpMethod === 'POST').length).toBeGreaterThan(0);
  });
});
