#!/usr/bin/env node
// What the agent pays in context: the tool list and a typical call result, in tokens, for this server
// (4 tools), the vendor's 6-tool design (schemas approximated from its published design), and one tool
// per operation generated from the same catalog. Tokens: js-tiktoken's o200k_base encoding (GPT-4o's;
// Claude's tokenizer is not public, counts differ by ~10-20%); chars/4 beside it.
// Run after `npm run build` (the built bin is started over stdio against the embedded sandbox).
import { startSandbox } from '@justoneapi/sandbox';
import { documentedOperations } from '@justoneapi/sdk/core';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { getEncoding } from 'js-tiktoken';

const enc = getEncoding('o200k_base');
const size = (v) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return { tokens: enc.encode(text).length, charsDiv4: Math.round(text.length / 4) };
};

// This server, as a client sees it.
const { JUSTONEAPI_TOKEN: _t, ...env } = process.env;
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [new URL('../dist/bin.cjs', import.meta.url).pathname],
  env,
  stderr: 'ignore',
});
const client = new Client({ name: 'bench', version: '1.0.0' });
await client.connect(transport);
const { tools } = await client.listTools();
const call = async (args) =>
  (await client.callTool({ name: 'call_operation', arguments: args })).content.map((c) => c.text).join('');
const typical = { operation: 'xiaohongshu.searchUsers', params: { keyword: 'coffee' } };
const ours = await call(typical);
const generic = { operation: 'douyin.searchVideoV4', params: { keyword: 'coffee' } };
const oursGeneric = await call(generic);
await client.close();

// The raw answers of the same calls (what a pass-through call tool returns), from a sandbox.
const sandbox = await startSandbox({ port: 0 });
const raw = async (id, params) => {
  const op = documentedOperations.find((o) => o.id === id);
  const res = await fetch(`${sandbox.url}${op.path}?${new URLSearchParams({ ...params, token: 'sandbox' })}`);
  return res.text();
};
const rawTypical = await raw(typical.operation, typical.params);
const rawGeneric = await raw(generic.operation, generic.params);
await sandbox.close();

// The vendor's 2.0 design (github.com/justoneapi/justoneapi-mcp): names and behaviour from its
// published design; descriptions and schemas written here at a similar length (an approximation).
const vendor = [
  {
    name: 'search_endpoints',
    description:
      'Search Just One API endpoints by keyword, platform or capability (English or Chinese). Returns endpoint ids, titles, platforms and short descriptions. Use get_endpoint_schema next.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for, e.g. "douyin video search"' },
        platform: { type: 'string', description: 'Optional platform filter, e.g. "douyin"' },
        limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
      },
      required: ['query'],
    },
  },
  {
    name: 'get_endpoint_schema',
    description:
      'Get the full schema of one endpoint: method, path, parameters with types, enums and descriptions, pagination hints and highlights.',
    inputSchema: {
      type: 'object',
      properties: { endpoint_id: { type: 'string', description: 'An id from search_endpoints' } },
      required: ['endpoint_id'],
    },
  },
  {
    name: 'call_endpoint',
    title: 'Call endpoint (may incur charges)',
    description:
      'Call one Just One API endpoint. May incur charges. Makes exactly one upstream request and never retries timeouts or 502/503/504 because billing may be uncertain. Results are truncated to max_items; paging hints come back as next_step.',
    inputSchema: {
      type: 'object',
      properties: {
        endpoint_id: { type: 'string' },
        params: {
          type: 'object',
          additionalProperties: true,
          description: 'Parameters as in get_endpoint_schema',
        },
        max_items: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      },
      required: ['endpoint_id'],
    },
    annotations: { destructiveHint: true, openWorldHint: true },
  },
  {
    name: 'get_account_balance',
    description: 'Get the remaining balance of the Just One API account.',
    inputSchema: { type: 'object', properties: {} },
  },
  {
    name: 'get_usage_summary',
    description: 'Get a usage summary of the account: calls and spend by day and endpoint.',
    inputSchema: {
      type: 'object',
      properties: { days: { type: 'integer', minimum: 1, maximum: 90, default: 7 } },
    },
  },
  {
    name: 'list_platforms',
    description: 'List the platforms Just One API covers, with their ids and names.',
    inputSchema: { type: 'object', properties: {} },
  },
];
// The vendor's call result: the raw data, truncated to max_items (20) items, plus next_step.
const vendorResult = (body) => {
  const env_ = JSON.parse(body);
  const cut = (v) =>
    Array.isArray(v)
      ? v.slice(0, 20)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]))
        : v;
  return JSON.stringify({ data: cut(env_.data), next_step: 'Call again with page=2 for more results.' });
};

// One tool per operation, generated from the same catalog: summary + description, a JSON Schema per parameter.
const perOperation = documentedOperations.map((op) => ({
  name: op.id.replace('.', '_'),
  description: `${op.summary.en}. ${op.description.en}`.trim(),
  inputSchema: {
    type: 'object',
    properties: Object.fromEntries(
      op.params.map((p) => [
        p.name,
        {
          type: p.type,
          ...(p.description.en ? { description: p.description.en } : {}),
          ...(p.enum ? { enum: p.enum.map((e) => e.value) } : {}),
          ...(p.default !== undefined ? { default: p.default } : {}),
        },
      ]),
    ),
    required: op.params.filter((p) => p.required).map((p) => p.name),
  },
}));

const rows = [
  ['this server: tool list', tools.length, size(tools)],
  ["vendor's 6-tool design: tool list (approx.)", vendor.length, size(vendor)],
  ['one tool per operation: tool list', perOperation.length, size(perOperation)],
  ['this server: xiaohongshu.searchUsers result', '', size(ours)],
  ['raw answer, max_items 20 (vendor design)', '', size(vendorResult(rawTypical))],
  ['raw answer, whole', '', size(rawTypical)],
  ['this server: douyin.searchVideoV4 result', '', size(oursGeneric)],
  ['raw answer, max_items 20 (vendor design)', '', size(vendorResult(rawGeneric))],
  ['raw answer, whole', '', size(rawGeneric)],
];
console.log('Tokens: js-tiktoken o200k_base (chars/4 in brackets)\n');
console.log(
  `${'what'.padEnd(48)} ${'tools'.padStart(5)} ${'tokens'.padStart(8)} ${'(chars/4)'.padStart(10)}`,
);
for (const [what, n, s] of rows)
  console.log(
    `${what.padEnd(48)} ${String(n).padStart(5)} ${String(s.tokens).padStart(8)} ${`(${s.charsDiv4})`.padStart(10)}`,
  );
const [o, v, p] = rows.map((r) => r[2].tokens);
console.log(
  `\nThis tool list: ${o} tokens, ${(p / o).toFixed(0)}x fewer than one tool per operation (${p}); the vendor design's: ${v} (${(o / v).toFixed(2)}x).`,
);
