// The default client accepts an enum's label ("Last 7 days", "美食") where the CLI and every host do:
// the same resolver (validateParams over the labelled catalog), with the labels loaded only when needed.
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledOperations, operations, type ParamSpec } from '../src/core/index.js';
import { createClient, ValidationError } from '../src/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

/** An operation with an enum option whose English label is neither its value nor one of its aliases. */
function labelled() {
  for (const op of labelledOperations) {
    if (op.deprecated || op.hidden) continue;
    for (const p of op.params) {
      const plain = operations.find((o) => o.id === op.id)!.params.find((q) => q.name === p.name)!;
      const option = p.enum?.find((e, i) => {
        const known = [String(e.value), ...(plain.enum?.[i]?.aliases ?? [])].map((s) => s.toLowerCase());
        return e.label && !known.includes(e.label.en.toLowerCase()) && !known.includes(e.label.zh);
      });
      if (option) return { op, param: p as ParamSpec, option };
    }
  }
  throw new Error('no enum label that differs from its value');
}

const sample = (p: ParamSpec) => (p.enum ? p.enum[0]!.value : p.type === 'integer' ? (p.minimum ?? 1) : 'x');

describe('enum labels in the default client', () => {
  const { op, param, option } = labelled();
  const base = Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, sample(p)]));

  it.each(['en', 'zh'] as const)('sends the value for the %s label', async (lang) => {
    const client = createClient({ token: 'sandbox', baseUrl: sandbox.url });
    sandbox.stats.reset();
    await client.call(
      op.id as never,
      { ...base, [param.name]: option.label!.en && option.label![lang] } as never,
    );
    const sent = sandbox.stats.requests.at(-1)!;
    expect({ ...sent.urlQuery, ...sent.form }[param.name]).toBe(String(option.value));
  });

  it('a value that is neither a value nor a label still fails before any request', async () => {
    const client = createClient({ token: 'sandbox', baseUrl: sandbox.url });
    sandbox.stats.reset();
    const bad = client.call(op.id as never, { ...base, [param.name]: 'no such option at all' } as never);
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    expect(sandbox.stats.requests).toHaveLength(0);
  });
});
