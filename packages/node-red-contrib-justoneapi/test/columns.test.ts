// The "Columns" property of a platform node in a real Node-RED runtime, against the sandbox's realistic
// Douyin video search (items nested as data.aweme_info.{…}, as the real answer is) over HTTP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { catchNode, configNode, helper, runtimeWithSandbox } from './helper';

const SECRET = 'tok-NR-COLUMNS-SECRET';
const box = runtimeWithSandbox(SECRET);

type Msg = Record<string, any>;
const douyin = createRequire(import.meta.url)('../nodes/justoneapi-douyin.js');
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
      params: { keyword: { t: 'str', v: '咖啡' } },
      pages: 2,
      wires: [['out']],
      ...props,
    },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'catcher', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'tab' },
  ];
  await helper.load([configNode, douyin, catchNode], flow, { cfg: { token: SECRET } });
  const messages: Msg[] = [];
  const errors: Msg[] = [];
  const warnings: string[] = [];
  helper.getNode('out').on('input', (m: Msg) => messages.push(m));
  helper.getNode('caught').on('input', (m: Msg) => errors.push(m));
  const node = helper.getNode('n1');
  node.on('call:warn', (call: { args: any[] }) => warnings.push(String(call.args[0])));
  const send = async (msg: Msg) => {
    node.receive(msg);
    for (let i = 0; i < 250 && messages.length + errors.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 30));
  };
  return { messages, errors, warnings, send };
}
const COLUMNS = 'id=aweme_id, likes=statistics.digg_count, author=author.nickname, published=create_time';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Columns', () => {
  it('gives exactly the columns asked for, renamed, across pages', async () => {
    const run = await load({ columns: COLUMNS, columnsType: 'str' });
    await run.send({});
    expect(run.errors).toEqual([]);
    const payload = run.messages[0]!.payload as Msg[];
    expect(payload.length).toBeGreaterThan(5);
    for (const r of payload) {
      expect(Object.keys(r)).toEqual(['id', 'likes', 'author', 'published']);
      expect(r.published).toMatch(ISO);
    }
    expect(run.warnings).toEqual([]);
  });

  it('reads the list from msg (TypedInput), "*" giving every compact column', async () => {
    const run = await load({ columns: 'cols', columnsType: 'msg' });
    await run.send({ cols: '*' });
    const [first] = run.messages[0]!.payload as Msg[];
    expect(first).toMatchObject({ aweme_id: expect.any(String), 'author.nickname': expect.any(String) });
    expect(first!['video.play_addr.url']).toMatch(/^https:\/\//);
  });

  it('blank keeps the flat records saved nodes get (output "records", or unset); raw items stay raw', async () => {
    const saved = await load({ output: 'records', columns: '', columnsType: 'str' });
    await saved.send({});
    expect((saved.messages[0]!.payload as Msg[])[0]).toHaveProperty([
      'data.aweme_info.statistics.digg_count',
    ]);
    await helper.unload();
    const unset = await load({});
    await unset.send({});
    expect((unset.messages[0]!.payload as Msg[])[0]).toHaveProperty([
      'data.aweme_info.statistics.digg_count',
    ]);
    await helper.unload();
    const raw = await load({ output: 'raw', columns: COLUMNS });
    await raw.send({});
    expect((raw.messages[0]!.payload as Msg[])[0]!.data.aweme_info.aweme_id).toEqual(expect.any(String));
  });

  it('a column no item has: the records go out, and a warning names the columns there are', async () => {
    const run = await load({ columns: 'likes=statistics.digg_cnt, desc' });
    await run.send({});
    expect((run.messages[0]!.payload as Msg[])[0]).toEqual({ likes: null, desc: expect.any(String) });
    expect(run.warnings[0]).toMatch(
      /"likes" \(statistics\.digg_cnt\) matched no field.*statistics\.digg_count/,
    );
  });

  it('a malformed list goes to Catch and sends nothing', async () => {
    const run = await load({ columns: 'x=a, x=b' });
    await run.send({});
    expect(run.messages).toEqual([]);
    expect(run.errors[0]!.error.message).toMatch(/Column "x" is named twice/);
    expect(box.sandbox.stats.total()).toBe(0);
  });

  it('"compact rows" (what a new node is set to): the default rows, at most 30 short columns', async () => {
    const run = await load({ output: 'compact' });
    await run.send({});
    const payload = run.messages[0]!.payload as Msg[];
    const keys = Object.keys(payload[0]!);
    expect(keys.length).toBeLessThanOrEqual(30);
    expect(keys).toEqual(
      expect.arrayContaining(['aweme_id', 'desc', 'author.nickname', 'statistics.digg_count', 'create_time']),
    );
    for (const r of payload) expect(Object.keys(r)).toEqual(keys);
    expect(payload[0]!.create_time).toMatch(ISO);
  });

  it('a new node is set to compact rows and blank Columns; a saved one keeps the output it was saved with', () => {
    const html = readFileSync(new URL('../nodes/justoneapi-config.html', import.meta.url), 'utf8');
    const context: Record<string, unknown> = { RED: { nodes: { registerType() {} } }, $: () => ({}) };
    context.window = context;
    for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g))
      runInNewContext(m[1]!, context);
    const defaults = (
      context.JustOneApiEditor as { runDefaults(): Record<string, { value: unknown }> }
    ).runDefaults();
    expect(defaults.output!.value).toBe('compact');
    expect(defaults.columns!.value).toBe('');
  });
});
