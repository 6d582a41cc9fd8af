// The vendor's highlights in Google Sheets (the Apps Script-like harness over the built Code.js): the
// Operations reference shows them, and a 'danger' one ("Direct calls to this endpoint do not fetch product
// data") makes =JUSTONEAPI refuse with 0 requests until its options name the acknowledgement.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentedOperations } from '@justoneapi/sdk/core';
import { createHarness, type Harness } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const SECRET = 'tok-SHEETS-HIGHLIGHT-3344';
let sandbox: RemoteSandbox;
let h: Harness;
beforeAll(async () => {
  sandbox = await startRemoteSandbox({ tokens: [SECRET] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await sandbox.reset();
  h = createHarness();
  h.userProps.set('JUSTONEAPI_TOKEN', SECRET);
  h.userProps.set('JUSTONEAPI_REGION', sandbox.url);
});
const danger = documentedOperations.filter((op) => op.danger?.length);

describe.each(danger.map((op) => [op.id, op] as const))('=JUSTONEAPI("%s", …)', (_id, op) => {
  const h0 = op.danger![0]!;
  it('refuses without the acknowledgement (0 requests) and says how to give it', async () => {
    for (const options of [[], ['options', 'noheader'], ['options', 'acknowledge:something-else']]) {
      let message = '';
      try {
        h.call('JUSTONEAPI', op.id, 'itemId', '100', ...options);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(h0.text);
      expect(message).toContain(`"options", "acknowledge:${h0.acknowledge}"`);
      expect(message).not.toContain(SECRET);
      expect(await sandbox.requests()).toHaveLength(0);
    }
  });

  it('sends it with "options", "acknowledge:<name>"', async () => {
    const table = h.call(
      'JUSTONEAPI',
      op.id,
      'itemId',
      '100',
      'options',
      `noheader, acknowledge:${h0.acknowledge}`,
    );
    expect(Array.isArray(table)).toBe(true);
    const requests = await sandbox.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe(op.path);
  });
});

describe.each(danger.map((op) => [op.id, op] as const))('a refresh job of "%s"', (_id, op) => {
  const h0 = op.danger![0]!;
  /** The jobs sheet with one job of the operation, its "acknowledge" cell (found by its header) set to `ack`. */
  function job(ack: string) {
    h.call('XHS_MENU_ESTIMATE'); // creates the jobs sheet; sends nothing
    const sheet = h.sheets.get('Just One API')!;
    const header = sheet.cells[0] as string[];
    sheet.getRange(2, 1, 2, 4).setValues([
      [op.id, '100', 1, 'Danger job'],
      ['', '', '', ''],
    ]);
    expect(header).toContain('acknowledge');
    sheet.getRange(2, header.indexOf('acknowledge') + 1).setValues([[ack]]);
    return (name: string) => String(sheet.cells[1]![header.indexOf(name)] ?? '');
  }

  it('is refused (0 requests) until its "acknowledge" column names the highlight; the status says how', async () => {
    for (const ack of ['', 'something-else']) {
      const cell = job(ack);
      h.call('XHS_MENU_REFRESH');
      expect(cell('status')).toMatch(/^error: refused, nothing was sent or billed/);
      expect(cell('status')).toContain(h0.text);
      expect(cell('status')).toContain(`write ${h0.acknowledge} in its "acknowledge" column`);
      expect(h.alerts.at(-1)).toContain(h0.text);
      expect(JSON.stringify([...h.sheets.values()].map((s) => s.cells))).not.toContain(SECRET);
      expect(await sandbox.requests()).toHaveLength(0);
      expect(h.sheets.has('Danger job')).toBe(false);
    }
  });

  it('sends it once acknowledged', async () => {
    const cell = job(h0.acknowledge);
    h.call('XHS_MENU_REFRESH');
    expect(cell('status')).toBe('ok');
    const requests = await sandbox.requests();
    expect(requests.map((r) => r.path)).toEqual([op.path]);
    expect(h.sheets.get('Danger job')!.cells.length).toBeGreaterThan(1);
  });
});

describe('the Operations reference', () => {
  it("has the vendor's notes of every listed operation, and how a formula acknowledges a danger one", () => {
    h.call('XHS_MENU_OPERATIONS');
    const sheet = h.sheets.get('Just One API operations')!;
    const col = sheet.cells[0]!.indexOf("vendor's notes");
    expect(col).toBeGreaterThan(0);
    const rows = new Map(sheet.cells.slice(1).map((r) => [r[2], r as string[]]));
    const noted = documentedOperations.filter((op) => op.highlights?.length && !op.hidden);
    expect(noted.length).toBeGreaterThan(0);
    for (const op of noted)
      for (const hl of op.highlights!) expect(rows.get(op.id)![col], op.id).toContain(hl.content);
    for (const op of danger)
      expect(rows.get(op.id)![col]).toContain(`"options", "acknowledge:${op.danger![0]!.acknowledge}"`);
  });
});
