// Every POST operation of the catalog, from a formula and from a refresh job: each request must be a
// POST with each parameter, and the token, exactly where the vendor declares them (a form body for
// `tokenIn: 'body'` operations, never the URL; the query string and no body for POST-with-query ones),
// checked on what the sandbox received (its stats.requests).
import { documentedOperations, pagingParams, type OperationSpec } from '@justoneapi/sdk/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, FakeSheet, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox, type SandboxRequest } from './sandbox';

const TOKEN = 'tok-SHEETS-POST-4417';
const FORM = 'application/x-www-form-urlencoded';
const POST = documentedOperations.filter((op) => op.httpMethod === 'POST');
const formOps = POST.filter((op) => op.tokenIn === 'body');
const queryOps = POST.filter((op) => op.tokenIn !== 'body');

let sandbox: RemoteSandbox;
let h: Harness;
beforeAll(async () => {
  sandbox = await startRemoteSandbox({ tokens: [TOKEN] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.reset();
  h = createHarness();
  h.userProps.set('JUSTONEAPI_TOKEN', TOKEN);
  h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
});

/** The parameter a job's "keyword or feed id" column fills: the first required one, else the first not for paging. */
function main(op: OperationSpec) {
  const paging = pagingParams(op);
  const own = op.params.filter((p) => !paging.includes(p.name));
  return (own.find((p) => p.required) ?? own[0])!;
}

/** A valid value for each parameter a call must give: the main one and every other required one. */
function inputs(op: OperationSpec): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const p of [main(op), ...op.params.filter((q) => q.required)]) {
    out[p.name] = p.enum?.length
      ? p.enum[0]!.value
      : p.type === 'integer' || p.type === 'number'
        ? (p.minimum ?? 1)
        : `咖啡 ${p.name} a&b=c`;
  }
  return out;
}

/** Checks one request the sandbox received against the vendor's declaration of its operation. */
function expectDeclared(op: OperationSpec, r: SandboxRequest, given: Record<string, string | number>) {
  const where = `${op.id} ${r.method} ?${new URLSearchParams(r.urlQuery)} body=${r.body}`;
  expect(r.method, where).toBe('POST');
  expect(r.code, where).toBe(0);
  for (const name of Object.keys(r.urlQuery).filter((n) => n !== 'token'))
    expect(op.params.find((p) => p.name === name)?.in, `${where}: ${name} in the URL`).toBe('query');
  for (const name of Object.keys(r.form).filter((n) => n !== 'token'))
    expect(op.params.find((p) => p.name === name)?.in, `${where}: ${name} in the body`).toBe('body');
  for (const [name, value] of Object.entries(given)) {
    const declared = op.params.find((p) => p.name === name)!.in;
    expect((declared === 'body' ? r.form : r.urlQuery)[name], `${where}: ${name}`).toBe(String(value));
  }
  if (op.tokenIn === 'body') {
    expect(r.contentType.toLowerCase().startsWith(FORM), where).toBe(true);
    expect(r.form.token, where).toBe(TOKEN);
    expect(r.urlQuery.token, where).toBeUndefined();
  } else {
    expect(r.urlQuery.token, where).toBe(TOKEN);
    expect(r.form, where).toEqual({});
    expect(r.body, where).toBe('');
  }
}

/** The requests the sandbox got for an operation, in order. */
const requestsOf = (all: SandboxRequest[], op: OperationSpec) => all.filter((r) => r.path === op.path);

describe('every POST operation of the catalog', () => {
  it('has both kinds: a form body with the token in it, and parameters in the query', () => {
    expect(formOps.length).toBeGreaterThan(0);
    expect(queryOps.length).toBeGreaterThan(0);
  });

  it('=JUSTONEAPI sends it as the vendor declares (two pages where it pages)', async () => {
    for (const op of POST) {
      const given = inputs(op);
      const pages = op.pagination ? 2 : 1;
      const table = h.call('JUSTONEAPI', op.id, ...Object.entries(given).flat(), 'pages', pages);
      expect(table.length, op.id).toBeGreaterThan(1);
    }
    const all = await sandbox.requests();
    for (const op of POST) {
      const reqs = requestsOf(all, op);
      expect(reqs.length, op.id).toBe(op.pagination ? 2 : 1);
      for (const r of reqs) expectDeclared(op, r, inputs(op));
    }
    // The token of a form-body operation is in no URL the bundle fetched.
    const formPaths = formOps.map((op) => op.path);
    const urls = h.requests.filter((r) => formPaths.some((p) => r.url.includes(p)));
    expect(urls.length).toBeGreaterThan(0);
    for (const r of urls) expect(r.url).not.toContain(TOKEN);
  });

  it('a refresh job sends it as the vendor declares (two pages where it pages)', async () => {
    const header = [
      'operation',
      'keyword or feed id',
      'pages',
      'target sheet',
      'last run',
      'rows',
      'status',
      'parameters',
    ];
    const sheet = new FakeSheet('Just One API', h.clock);
    sheet.addDeveloperMetadata('justoneapi:jobs');
    sheet.getRange(1, 1, 1, header.length).setValues([header]);
    POST.forEach((op, i) => {
      const { [main(op).name]: value, ...rest } = inputs(op);
      const params = Object.entries(rest)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
      sheet
        .getRange(i + 2, 1, 1, header.length)
        .setValues([[op.id, String(value), op.pagination ? 2 : 1, `POST ${i}`, '', '', '', params]]);
    });
    h.sheets.set('Just One API', sheet);
    h.call('XHS_MENU_REFRESH');
    POST.forEach((op, i) => expect(String(sheet.cells[i + 1]![6]), op.id).toBe('ok'));
    const all = await sandbox.requests();
    for (const op of POST) {
      const reqs = requestsOf(all, op);
      expect(reqs.length, op.id).toBe(op.pagination ? 2 : 1);
      for (const r of reqs) expectDeclared(op, r, inputs(op));
    }
  });
});
