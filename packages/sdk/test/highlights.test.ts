// The vendor's highlights (x-highlights) reach the catalog, and its 'danger' ones block the call: a
// ValidationError with a structured reason and nothing sent, until acknowledged by name.
import { readFileSync } from 'node:fs';
import { type Sandbox, startSandbox } from '@justoneapi/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ValidationError } from '../src/index.js';
import {
  documentedOperations,
  highlightsOf,
  operations,
  prepareRequest,
  validateParams,
} from '../src/core/index.js';

const vendor = JSON.parse(
  readFileSync(new URL('../../../specs/vendor/public-api.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, { 'x-highlights'?: Array<{ type: string; content: string }> }>> };
const vendorHighlights = Object.entries(vendor.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([m, op]) =>
    (op['x-highlights'] ?? []).map((h) => ({ endpoint: `${m.toUpperCase()} ${path}`, ...h })),
  ),
);
const dangerOps = operations.filter((op) => op.danger?.length);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.stats.reset());

describe('highlights in the catalog', () => {
  it('every vendor highlight is in the documented catalog, with its type and text', () => {
    const ours = documentedOperations.flatMap((op) =>
      (op.highlights ?? []).map((h) => ({
        endpoint: `${op.httpMethod} ${op.path}`,
        type: h.type,
        content: h.content,
      })),
    );
    expect(ours).toEqual(
      expect.arrayContaining(
        vendorHighlights.map(({ endpoint, type, content }) => ({ endpoint, type, content })),
      ),
    );
    expect(ours.length).toBe(vendorHighlights.length);
  });

  it("the runtime catalog carries exactly the vendor's danger highlights", () => {
    const danger = vendorHighlights.filter((h) => h.type === 'danger');
    expect(danger.length).toBeGreaterThan(0);
    expect(
      dangerOps.flatMap((op) => op.danger!.map((h) => `${op.httpMethod} ${op.path} ${h.text}`)).sort(),
    ).toEqual(danger.map((h) => `${h.endpoint} ${h.content}`).sort());
    expect(dangerOps.map((op) => op.id)).toEqual(
      expect.arrayContaining(['taobao.getItemDetailV2', 'jd.getItemDetailV2']),
    );
  });

  it('TSDoc of a danger operation states the highlight and how to acknowledge it', () => {
    const api = readFileSync(new URL('../src/generated/api.ts', import.meta.url), 'utf8');
    for (const op of dangerOps)
      for (const h of op.danger!) {
        expect(api).toContain(
          `${h.text} Refused (nothing sent) unless you pass \`{ acknowledge: ['${h.acknowledge}'] }\``,
        );
      }
  });
});

describe('the danger gate', () => {
  const client = () => createClient({ token: 'sandbox', baseUrl: sandbox.url });
  const call = (op: (typeof dangerOps)[number], acknowledge?: string[]) => {
    const ns = client()[op.namespace as 'taobao'] as unknown as Record<
      string,
      (p: unknown, o?: unknown) => Promise<{ code: number }>
    >;
    return ns[op.method]!({ itemId: '1' }, acknowledge ? { acknowledge } : {});
  };

  it.each(dangerOps.map((op) => [op.id, op]))(
    '%s: refused without the acknowledgement, 0 requests; sent with it, 1 request',
    async (_id, op) => {
      const error = await call(op).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      const v = error as ValidationError;
      expect(v.reason).toEqual({ kind: 'danger-unacknowledged', highlight: op.danger![0] });
      expect(v.operation).toBe(op.id);
      expect(v.message).toContain(op.danger![0]!.text);
      expect(v.toJSON()).toMatchObject({
        reason: { kind: 'danger-unacknowledged', highlight: op.danger![0] },
      });
      expect(sandbox.stats.count()).toBe(0);

      const wrong = await call(op, ['something-else']).catch((e: unknown) => e);
      expect((wrong as ValidationError).reason?.kind).toBe('danger-unacknowledged');
      expect(sandbox.stats.count()).toBe(0);

      const ok = await call(op, [op.danger![0]!.acknowledge]);
      expect(ok.code).toBe(0);
      expect(sandbox.stats.count()).toBe(1);
      expect(sandbox.stats.requests[0]!.path).toBe(op.path);
    },
  );

  it('the gate is in the core validation every host uses', () => {
    const op = dangerOps[0]!;
    expect(() => validateParams(op, { itemId: '1' })).toThrow(ValidationError);
    expect(() => prepareRequest(op, { itemId: '1' }, { baseUrl: 'https://x.test' })).toThrow(ValidationError);
    const ack = op.danger![0]!.acknowledge;
    expect(validateParams(op, { itemId: '1' }, { acknowledge: [ack] })).toEqual({ itemId: '1' });
    // The vendor's concept spelling (snake case) is accepted too.
    expect(validateParams(op, { itemId: '1' }, { acknowledge: ack.replace(/-/g, '_') })).toEqual({
      itemId: '1',
    });
  });

  it('operations without a danger highlight need no acknowledgement', () => {
    const plain = operations.find((op) => !op.danger && op.params.every((p) => !p.required))!;
    expect(() => validateParams(plain, {})).not.toThrow();
  });
});

describe('highlights', () => {
  it('every operation carries exactly the vendor x-highlights, in order', () => {
    let withNotes = 0;
    for (const op of documentedOperations.filter((o) => !o.supplementary)) {
      const source = vendor.paths[op.path]?.[op.httpMethod.toLowerCase()]?.['x-highlights'] ?? [];
      if (source.length) withNotes++;
      expect(
        highlightsOf(op.id).map((h) => [h.type, h.content]),
        op.id,
      ).toEqual(source.map((h) => [h.type, h.content]));
    }
    expect(withNotes).toBeGreaterThan(0);
    expect(highlightsOf('jd.getItemDetailV2').find((h) => h.type === 'danger')?.aliases).toContain(
      '直接调用',
    );
  });
});
