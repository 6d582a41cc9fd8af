// "Stop at the first page already seen" (Only new): a scheduled flow with nothing new pays one request,
// not Pages. A real Node-RED runtime, the sandbox over HTTP (Douyin video search: 3 pages of 5 items).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { STOP_REASONS } from '@justoneapi/sdk/runtime';
import { describe, expect, it } from 'vitest';
import { configNode, helper, runtimeWithSandbox } from './helper';

const SECRET = 'tok-NR-STOP-AT-SEEN';
const douyinNode = createRequire(import.meta.url)('../nodes/justoneapi-douyin.js');
const box = runtimeWithSandbox(SECRET);

type Msg = Record<string, any>;
const ended = (m: Msg) => m.justoneapi?.done === true || m.justoneapi?.complete !== undefined;

async function load(props: Record<string, unknown>) {
  const flow = [
    { id: 'tab', type: 'tab', label: 't' },
    {
      id: 'cfg',
      type: 'justoneapi-config',
      z: 'tab',
      region: 'custom',
      baseUrl: box.sandbox.url,
      maxRetries: 0,
    },
    {
      id: 'n1',
      type: 'justoneapi-douyin',
      z: 'tab',
      config: 'cfg',
      operation: 'searchVideoV4',
      params: { keyword: { t: 'str', v: 'coffee' } },
      mode: 'all',
      pages: 10,
      onlyNew: true,
      itemId: 'data.aweme_info.aweme_id',
      wires: [['out']],
      ...props,
    },
    { id: 'out', type: 'helper', z: 'tab' },
  ];
  await helper.load([configNode, douyinNode], flow, { cfg: { token: SECRET } });
  const messages: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => messages.push(m));
  const node = helper.getNode('n1');
  const statuses: Array<{ text?: string }> = [];
  const status = node.status.bind(node);
  node.status = (s: { text?: string }) => {
    statuses.push(s);
    return status(s);
  };
  /** Sends one message and waits until its run ended; the requests it sent. */
  const send = async (msg: Msg) => {
    box.sandbox.stats.reset();
    const before = messages.filter(ended).length;
    node.receive(msg);
    for (let i = 0; i < 250 && messages.filter(ended).length <= before; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    return box.sandbox.stats.requests.map((r) => r.query.page);
  };
  return { messages, statuses, send };
}

describe('Only new, "stop at the first page already seen"', () => {
  it('on: a second run with nothing new sends exactly 1 request and says why, with where older pages follow', async () => {
    const ctx = await load({ stopAtSeen: true });
    const first = await ctx.send({});
    expect(ctx.messages[0]!.payload).toHaveLength(15);
    expect(first.length).toBeGreaterThan(1);

    expect(await ctx.send({})).toEqual(['1']);
    const second = ctx.messages[1]!;
    expect(second.payload).toEqual([]);
    expect(second.justoneapi).toMatchObject({
      complete: true,
      count: 0,
      reason: 'seen-before',
      next: { keyword: 'coffee', page: 2 },
      usage: { requests: 1, alreadySeen: 5 },
    });
    expect(second.justoneapi.reasonText).toBe(en('seen-before'));
    expect(ctx.statuses.at(-1)!.text).toBe(`0 items · 1 req · ${enStatus('seen-before')}`);
  });

  it('on, one message per page: the page that ends it goes out empty, saying why', async () => {
    const ctx = await load({ stopAtSeen: true, mode: 'page' });
    await ctx.send({});
    const pagesBefore = ctx.messages.length;
    expect(await ctx.send({})).toEqual(['1']);
    expect(ctx.messages.slice(pagesBefore)).toHaveLength(1);
    expect(ctx.messages.at(-1)).toMatchObject({
      payload: [],
      justoneapi: { done: true, reason: 'seen-before', next: { page: 2 } },
    });
  });

  it('off: the second run pages through every page as before', async () => {
    const ctx = await load({ stopAtSeen: false });
    const first = await ctx.send({});
    expect(await ctx.send({})).toEqual(first);
    expect(ctx.messages[1]!.payload).toEqual([]);
    expect(ctx.messages[1]!.justoneapi.reason).not.toBe('seen-before');
  });

  it('a node saved without the setting (0.1, or before it existed) pages as before', async () => {
    const ctx = await load({});
    const first = await ctx.send({});
    expect(first.length).toBeGreaterThan(1);
    expect(await ctx.send({})).toEqual(first);
    expect(ctx.messages[1]!.payload).toEqual([]);
  });
});

const locale = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/locales/${lang}/messages.json`, import.meta.url), 'utf8'));
const en = (reason: string) => locale('en-US').stop.text[reason];
const enStatus = (reason: string) => locale('en-US').stop.status[reason];

describe('stop reasons in both languages', () => {
  it('every reason the core can give has a status word and a sentence, in en-US and zh-CN', () => {
    for (const lang of ['en-US', 'zh-CN']) {
      const { stop } = locale(lang);
      for (const reason of Object.keys(STOP_REASONS)) {
        expect(stop.status[reason], `${lang} stop.status.${reason}`).toBeTruthy();
        expect(stop.text[reason], `${lang} stop.text.${reason}`).toBeTruthy();
      }
    }
    expect(locale('zh-CN').stop.status['seen-before']).not.toBe(enStatus('seen-before'));
  });

  it('a new node has it on; the checkbox shows only with Only new, explained in both languages', () => {
    const html = readFileSync(new URL('../nodes/justoneapi-config.html', import.meta.url), 'utf8');
    const context: Record<string, unknown> = { RED: { nodes: { registerType() {} } }, $: () => ({}) };
    context.window = context;
    for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g))
      runInNewContext(m[1]!, context);
    const defaults = (
      context.JustOneApiEditor as { runDefaults(): Record<string, { value: unknown }> }
    ).runDefaults();
    expect(defaults.stopAtSeen!.value).toBe(true);
    expect(defaults.onlyNew!.value).toBe(false);

    const platform = readFileSync(new URL('../nodes/justoneapi-douyin.html', import.meta.url), 'utf8');
    const row = platform.match(/<div class="([^"]*)">\s*<label for="node-input-stopAtSeen"/);
    expect(row?.[1]).toContain('justoneapi-seen-store'); // shown and hidden with Only new
    for (const lang of ['en-US', 'zh-CN']) {
      expect(locale(lang).common.label.stopAtSeen).toBeTruthy();
      expect(locale(lang).common.stopAtSeen).toBeTruthy();
      const help = readFileSync(new URL(`../src/locales/${lang}/common-help.html`, import.meta.url), 'utf8');
      expect(help).toContain(locale(lang).common.label.stopAtSeen);
    }
  });
});
