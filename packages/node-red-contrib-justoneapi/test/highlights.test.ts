// The vendor's highlights in Node-RED: in each platform node's help and edit dialog (from the build), and
// a 'danger' one ("Direct calls to this endpoint do not fetch product data") blocks the call in a real
// Node-RED runtime until the node's acknowledge property names it: 0 requests and an error to Catch that
// says why; with it, the call is sent.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { documentedOperations } from '@justoneapi/sdk/core';
import { catchNode, configNode, helper } from './helper';

const require = createRequire(import.meta.url);
const SECRET = 'tok-NR-HIGHLIGHT-SECRET';
const danger = documentedOperations.filter((op) => op.danger?.length && !op.deprecated && !op.hidden);
const built = (f: string) => readFileSync(new URL(`../nodes/${f}`, import.meta.url), 'utf8');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tokens: [SECRET] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await helper.startServer();
});
afterEach(async () => {
  await helper.unload();
  await helper.stopServer();
  sandbox.stats.reset();
});

describe('highlights in the help and the edit dialog', () => {
  it.each(
    documentedOperations
      .filter((op) => op.highlights?.length && !op.deprecated && !op.hidden)
      .map((op) => [op.id, op] as const),
  )('%s', (_id, op) => {
    const type = `justoneapi-${op.namespace}`;
    for (const lang of ['en-US', 'zh-CN']) {
      const help = built(`locales/${lang}/${type}.html`);
      const messages = JSON.parse(built(`locales/${lang}/${type}.json`));
      for (const h of op.highlights!) {
        expect(help, `${lang} help`).toContain(h.content.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
        expect(messages.ops[op.method].hl, `${lang} dialog`).toContain(h.content);
      }
    }
    if (op.danger) {
      // The dialog's operation table carries each danger highlight's name and text, for its checkbox.
      expect(built(`${type}.html`)).toContain(JSON.stringify(op.danger.map((h) => [h.acknowledge, h.text])));
      // … and the node keeps what was ticked in its acknowledge property (empty for a new node).
      expect(built(`${type}.html`)).toMatch(/acknowledge: \{ value: \[\] \}/);
      expect(built('justoneapi-config.html')).toContain('data-ack');
    }
  });
});

describe.each(danger.map((op) => [op.id, op] as const))('%s in a running flow', (_id, op) => {
  const type = `justoneapi-${op.namespace}`;
  async function run(acknowledge?: string[]) {
    const flow = [
      { id: 'tab', type: 'tab', label: 't' },
      {
        id: 'cfg',
        type: 'justoneapi-config',
        z: 'tab',
        region: 'custom',
        baseUrl: sandbox.url,
        timeoutMs: 5000,
        maxRetries: 0,
      },
      {
        id: 'n1',
        type,
        z: 'tab',
        config: 'cfg',
        operation: op.method,
        params: { itemId: { t: 'str', v: '100' } },
        ...(acknowledge ? { acknowledge } : {}),
        wires: [['out']],
      },
      { id: 'out', type: 'helper', z: 'tab' },
      { id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper', z: 'tab' },
    ];
    await helper.load([configNode, require(`../nodes/${type}.js`), catchNode], flow, {
      cfg: { token: SECRET },
    });
    const out: any[] = [];
    const caught: any[] = [];
    helper.getNode('out').on('input', (m: any) => out.push(m));
    helper.getNode('caught').on('input', (m: any) => caught.push(m));
    helper.getNode('n1').receive({ payload: 'go' });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (out.length || caught.length) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    return { out, caught };
  }

  it('refuses without the acknowledgement: 0 requests, the error to Catch says why', async () => {
    for (const ack of [undefined, [], ['something-else']]) {
      const { out, caught } = await run(ack);
      expect(out).toEqual([]);
      expect(caught[0].error.message).toContain(op.danger![0]!.text);
      expect(caught[0].error.message).toMatch(/nothing was sent/i);
      expect(JSON.stringify(caught)).not.toContain(SECRET);
      expect(sandbox.stats.count()).toBe(0);
      await helper.unload();
    }
  });

  it('sends the call with the acknowledgement', async () => {
    const { out, caught } = await run([op.danger![0]!.acknowledge]);
    expect(caught).toEqual([]);
    expect(out).toHaveLength(1);
    expect(sandbox.stats.count()).toBe(1);
    expect(sandbox.stats.requests[0]!.path).toBe(op.path);
  });
});
