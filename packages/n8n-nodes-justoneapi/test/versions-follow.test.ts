// n8n node versions follow the kind of catalog change, with no hand edit of nodes/versions.json: an
// additive change (operation, enum value, optional parameter) extends the released current version; a
// breaking one (operation removed, parameter renamed or retyped, value removed, default changed) adds a
// version and keeps the released one frozen. The trigger likewise.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { INodeProperties } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import { runWorkflow } from './harness';
import { platformNodeType } from '../nodes/shared/node';
import { type DocumentedOperation, documentedOperations, documentedPlatforms } from '@justoneapi/sdk/core';
import { platformProperties } from '../nodes/shared/properties';
import { triggerProperties } from '../nodes/shared/trigger-properties';
import {
  type PlatformVersions,
  versionChange,
  versionPlan,
  versionProblems,
} from '../nodes/shared/versioning';

const GOOD = 'tok-N8N-VERSIONS-6161';

type Change = (ops: DocumentedOperation[]) => DocumentedOperation[];
const on =
  (id: string, f: (op: DocumentedOperation) => DocumentedOperation): Change =>
  (ops) =>
    ops.map((op) => (op.id === id ? f(op) : op));
const firstWith = (pred: (op: DocumentedOperation) => boolean) => documentedOperations.find(pred)!;
const enumOp = firstWith(
  (op) => !op.deprecated && !op.hidden && op.params.some((p) => p.enum && p.enum.length > 1),
);
const enumParam = enumOp.params.find((p) => p.enum && p.enum.length > 1)!;
const plainOp = firstWith(
  (op) =>
    op.namespace === enumOp.namespace &&
    !op.deprecated &&
    !op.hidden &&
    op.params.some((p) => p.required && !p.enum),
);
const requiredParam = plainOp.params.find((p) => p.required && !p.enum)!;
const platform = documentedPlatforms.find((p) => p.id === enumOp.namespace)!;

const CHANGES: Record<string, { change: Change; kind: 'additive' | 'breaking' }> = {
  'an operation added (with an enum and paging)': {
    kind: 'additive',
    change: (ops) => [
      ...ops,
      { ...enumOp, id: `${enumOp.namespace}.zzNewV9`, method: 'zzNewV9', path: '/api/x/zz-new/v9' },
    ],
  },
  'an enum value added': {
    kind: 'additive',
    change: on(enumOp.id, (op) => ({
      ...op,
      params: op.params.map((p) =>
        p === enumParam
          ? { ...p, enum: [...p.enum!, { value: 'zz_new', label: { en: 'New', zh: '新' } }] }
          : p,
      ),
    })),
  },
  'an optional parameter added': {
    kind: 'additive',
    change: on(plainOp.id, (op) => ({
      ...op,
      params: [
        ...op.params,
        {
          name: 'zzLang',
          in: 'query',
          type: 'string',
          required: false,
          displayName: 'Lang',
          description: { en: 'Lang', zh: 'Lang' },
        },
      ],
    })),
  },
  'a text changed': {
    kind: 'additive',
    change: on(plainOp.id, (op) => ({
      ...op,
      summary: { en: `${op.summary.en} (new words)`, zh: op.summary.zh },
    })),
  },
  'an operation removed': { kind: 'breaking', change: (ops) => ops.filter((op) => op.id !== plainOp.id) },
  'a parameter renamed': {
    kind: 'breaking',
    change: on(plainOp.id, (op) => ({
      ...op,
      params: op.params.map((p) => (p === requiredParam ? { ...p, name: `${p.name}New` } : p)),
    })),
  },
  'a type changed': {
    kind: 'breaking',
    change: on(plainOp.id, (op) => ({
      ...op,
      params: op.params.map((p) => (p === requiredParam ? { ...p, type: 'integer' as const } : p)),
    })),
  },
  'an enum value removed': {
    kind: 'breaking',
    change: on(enumOp.id, (op) => ({
      ...op,
      params: op.params.map((p) =>
        p === enumParam ? { ...p, enum: p.enum!.filter((e) => e.value !== p.enum!.at(-1)!.value) } : p,
      ),
    })),
  },
  'a required parameter added to an existing operation': {
    kind: 'breaking',
    change: on(plainOp.id, (op) => ({
      ...op,
      params: [
        ...op.params,
        {
          name: 'zzMust',
          in: 'query',
          type: 'string',
          required: true,
          displayName: 'Must',
          description: { en: 'x', zh: 'x' },
        },
      ],
    })),
  },
};

const released = { current: 1, released: [1] };
const today = platformProperties(platform, [...documentedOperations]);

describe(`platform node versions follow the change (${platform.id})`, () => {
  it('no change: nothing to do', () => {
    expect(versionChange(today, platformProperties(platform, [...documentedOperations]))).toBe('same');
    expect(versionPlan(released, today, { 1: today })).toEqual({ action: 'none' });
  });

  it.each(Object.entries(CHANGES))('%s', (_name, { change, kind }) => {
    const generated = platformProperties(platform, change([...documentedOperations]));
    expect(versionChange(today, generated)).toBe(kind);
    const plan = versionPlan(released, generated, { 1: today });
    if (kind === 'additive') {
      // The released version takes the change: same number, its snapshot rewritten.
      expect(plan).toEqual({ action: 'extend', version: 1 });
      expect(versionProblems(platform.id, released, generated, { 1: generated })).toEqual([]);
    } else {
      // A new version; v1 stays frozen as it was released (and a renamed parameter is remembered).
      expect(plan).toMatchObject({ action: 'bump', versions: { current: 2, released: [1] } });
      const renamed = plan.action === 'bump' ? plan.versions.renamed : undefined;
      if (_name === 'a parameter renamed')
        expect(renamed).toEqual({
          1: { [plainOp.method]: { [`${requiredParam.name}New`]: requiredParam.name } },
        });
      else expect(renamed).toBeUndefined();
      expect(versionProblems(platform.id, { current: 2, released: [1] }, generated, { 1: today })).toEqual(
        [],
      );
    }
    // Before the generator follows, the check names the problem.
    expect(versionProblems(platform.id, released, generated, { 1: today })).toEqual([
      expect.stringMatching(/released.*run tools\/generate\.mjs/),
    ]);
  });

  it('an unreleased current version is regenerated whatever the change', () => {
    const generated = platformProperties(
      platform,
      CHANGES['an operation removed']!.change([...documentedOperations]),
    );
    expect(versionPlan({ current: 1 }, generated, { 1: today })).toEqual({ action: 'none' });
  });
});

describe('the trigger follows the same rule', () => {
  const trigger = (ops: DocumentedOperation[]) =>
    triggerProperties(documentedPlatforms, ops) as INodeProperties[];
  const now = trigger([...documentedOperations]);
  const paged = firstWith((op) => Boolean(op.pagination) && !op.deprecated && !op.hidden);
  it('a new paged operation extends it; a paged operation removed adds a version', () => {
    const added = trigger([
      ...documentedOperations,
      { ...paged, id: `${paged.namespace}.zzNewV9`, method: 'zzNewV9' },
    ]);
    expect(versionPlan(released, added, { 1: now })).toEqual({ action: 'extend', version: 1 });
    const removed = trigger(documentedOperations.filter((op) => op.id !== paged.id));
    expect(versionPlan(released, removed, { 1: now })).toEqual({
      action: 'bump',
      versions: { current: 2, released: [1] },
    });
  });
});

describe('a workflow saved with the old version keeps running after a rename', () => {
  // The vendor renamed a parameter: the catalog of the released v1 had the old name, today's has the new.
  const ops = [...documentedOperations];
  const renamedOp = plainOp;
  const oldName = `${requiredParam.name}Old`;
  const before = ops.map((op) =>
    op.id === renamedOp.id
      ? { ...op, params: op.params.map((p) => (p.name === requiredParam.name ? { ...p, name: oldName } : p)) }
      : op,
  );
  const frozen = platformProperties(platform, before);
  const current = platformProperties(platform, ops);
  const plan = versionPlan(released, current, { 1: frozen });
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ tokens: [GOOD] });
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.stats.reset());
  const run = (renamed: PlatformVersions['renamed']) =>
    runWorkflow({
      platform: {
        node: platformNodeType(platform.id, { 1: frozen, 2: current }, platform.id, renamed),
        type: `n8n-nodes-justoneapi.${platform.id}`,
      },
      typeVersion: 1,
      credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
      parameters: { operation: renamedOp.method, [oldName]: 'saved-value' },
    });

  it('the generator records the rename with the new version', () => {
    expect(plan).toMatchObject({
      action: 'bump',
      versions: { current: 2, renamed: { 1: { [renamedOp.method]: { [requiredParam.name]: oldName } } } },
    });
  });

  it('runs the saved v1 workflow: the saved value is sent under the new name', async () => {
    const r = await run(plan.action === 'bump' ? plan.versions.renamed : undefined);
    expect(r.error).toBeUndefined();
    const sent = sandbox.stats.requests.map((q) => q.query[requiredParam.name]);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(['saved-value']));
  });

  it('without the record, the saved value is lost: refused before sending', async () => {
    const r = await run({});
    expect(r.error?.message).toMatch(new RegExp(`${requiredParam.name} is required`));
    expect(sandbox.stats.count()).toBe(0);
  });
});
