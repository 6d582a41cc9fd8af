// n8n's light versioning for vendor changes a saved workflow would feel: a new parameter of an existing
// operation that has a default would go out on every run of a workflow saved before it existed. The
// generator classifies it 'additive-behavioural', adds a minor version (1 -> 1.1) and shows the field
// only from it on ('@version' >= 1.1, as n8n's Email Trigger (IMAP) 2.1 does): workflows saved on 1 send
// exactly what they sent, new ones send the vendor's default.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { INodeProperties } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '@justoneapi/sandbox';
import {
  type DocumentedOperation,
  documentedOperations,
  documentedPlatforms,
  pagingParams,
} from '@justoneapi/sdk/core';
import { runWorkflow } from './harness';
import { platformNodeType } from '../nodes/shared/node';
import { platformProperties } from '../nodes/shared/properties';
import { triggerProperties } from '../nodes/shared/trigger-properties';
import {
  type PlatformVersions,
  versionChange,
  versionPlan,
  versionProblems,
  withMinors,
} from '../nodes/shared/versioning';

const GOOD = 'tok-N8N-MINOR-7171';

/** An operation with an optional parameter the vendor gives a default (so the node sends it), taken as the new one. */
const op = documentedOperations.find(
  (o) =>
    !o.deprecated &&
    !o.hidden &&
    !o.pagination &&
    !o.danger?.length &&
    o.params.every((p) => !p.required || (p.type === 'string' && !p.enum)) &&
    o.params.some((p) => !p.required && p.default !== undefined && !pagingParams(o).includes(p.name)),
)!;
const added = op.params.find((p) => !p.required && p.default !== undefined)!;
const platform = documentedPlatforms.find((p) => p.id === op.namespace)!;
/** The catalog the released v1 was generated from: the operation without the parameter. */
const before: DocumentedOperation[] = documentedOperations.map((o) =>
  o.id === op.id ? { ...o, params: o.params.filter((p) => p !== added) } : o,
);
const released: PlatformVersions = { current: 1, released: [1] };
const frozen = platformProperties(platform, before);
const generated = platformProperties(platform, [...documentedOperations]);
const fieldOf = (props: INodeProperties[]) =>
  props.find((p) => p.name === added.name && p.displayOptions?.show?.operation?.includes(op.method));

describe(`a new parameter with a default (${op.id}: ${added.name})`, () => {
  it('is additive-behavioural, and the generator plans the minor version 1.1 with it recorded', () => {
    expect(fieldOf(generated)?.default).not.toBe('');
    expect(versionChange(frozen, generated)).toBe('additive-behavioural');
    expect(versionPlan(released, generated, { 1: frozen })).toEqual({
      action: 'minor',
      version: 1,
      minor: 1.1,
      versions: { ...released, minors: { '1.1': { [op.method]: [added.name] } } },
    });
  });

  it("the released snapshot takes it behind '@version' >= 1.1; then all is well and nothing more to do", () => {
    const plan = versionPlan(released, generated, { 1: frozen });
    if (plan.action !== 'minor') throw new Error(plan.action);
    const snapshot = withMinors(generated, plan.versions, 1);
    expect(fieldOf(snapshot)?.displayOptions?.show).toEqual({
      operation: [op.method],
      '@version': [{ _cnd: { gte: 1.1 } }],
    });
    // Only that field changed, and for the old version nothing was removed or changed.
    expect(snapshot.filter((p, i) => p !== generated[i])).toHaveLength(1);
    expect(versionChange(frozen, snapshot)).toBe('additive');
    expect(versionProblems(platform.id, plan.versions, generated, { 1: snapshot })).toEqual([]);
    expect(versionPlan(plan.versions, generated, { 1: snapshot })).toEqual({ action: 'none' });
    // Without the recorded minor, the check names the problem.
    expect(versionProblems(platform.id, released, generated, { 1: snapshot })).toHaveLength(1);
  });

  it('a second such change adds 1.2; a parameter without a default (Additional Fields) extends as before', () => {
    const withMinor: PlatformVersions = { ...released, minors: { '1.1': { [op.method]: [added.name] } } };
    const more = platformProperties(
      platform,
      documentedOperations.map((o) =>
        o.id === op.id
          ? { ...o, params: [...o.params, { ...added, name: 'zzRegion', default: 'cn', enum: undefined }] }
          : o,
      ),
    );
    const plan = versionPlan(withMinor, more, { 1: withMinors(generated, withMinor, 1) });
    expect(plan).toMatchObject({
      action: 'minor',
      minor: 1.2,
      versions: { minors: { '1.1': { [op.method]: [added.name] }, '1.2': { [op.method]: ['zzRegion'] } } },
    });
    const optional = platformProperties(
      platform,
      documentedOperations.map((o) =>
        o.id === op.id
          ? { ...o, params: [...o.params, { ...added, name: 'zzLang', default: undefined, enum: undefined }] }
          : o,
      ),
    );
    expect(versionPlan(released, optional, { 1: generated })).toEqual({ action: 'extend', version: 1 });
  });

  it('a new operation with defaulted parameters stays additive (no saved workflow runs it)', () => {
    const withNew = platformProperties(platform, [
      ...documentedOperations,
      { ...op, id: `${op.namespace}.zzNewV9`, method: 'zzNewV9', path: '/api/x/zz-new/v9' },
    ]);
    expect(versionChange(generated, withNew)).toBe('additive');
  });

  it('the trigger ships no minor versions: there such a change adds a version', () => {
    const t = (ops: readonly DocumentedOperation[]) =>
      triggerProperties(documentedPlatforms, ops) as INodeProperties[];
    const paged = documentedOperations.find(
      (o) =>
        o.pagination &&
        !o.deprecated &&
        !o.hidden &&
        o.params.some((p) => !p.required && p.default !== undefined && !pagingParams(o).includes(p.name)),
    )!;
    const param = paged.params.find(
      (p) => !p.required && p.default !== undefined && !pagingParams(paged).includes(p.name),
    )!;
    const old = t(
      documentedOperations.map((o) =>
        o.id === paged.id ? { ...o, params: o.params.filter((p) => p !== param) } : o,
      ),
    );
    const now = t(documentedOperations);
    expect(versionChange(old, now)).toBe('additive-behavioural');
    expect(versionPlan(released, now, { 1: old }, { minors: false })).toEqual({
      action: 'bump',
      versions: { current: 2, released: [1] },
    });
  });
});

describe('in n8n: a workflow saved on 1 sends what it sent; a new one (1.1) sends the default', () => {
  const plan = versionPlan(released, generated, { 1: frozen });
  const versions = plan.action === 'minor' ? plan.versions : released;
  const Node = platformNodeType(
    platform.id,
    { 1: withMinors(generated, versions, 1) },
    platform.id,
    undefined,
    versions,
  );
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ tokens: [GOOD] });
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.stats.reset());
  const run = (typeVersion: number) =>
    runWorkflow({
      platform: { node: Node, type: `n8n-nodes-justoneapi.${platform.id}` },
      typeVersion,
      credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
      parameters: {
        operation: op.method,
        ...Object.fromEntries(op.params.filter((p) => p.required).map((p) => [p.name, 'sample'])),
      },
    });

  it('offers 1 and 1.1, new nodes get 1.1', () => {
    const node = new Node();
    expect(node.description.defaultVersion).toBe(1.1);
    expect(node.getNodeType(1).description.version).toEqual([1, 1.1]);
    expect(node.getNodeType(1.1)).toBe(node.getNodeType(1));
  });

  it('saved on 1: the new parameter is not sent', async () => {
    const r = await run(1);
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count()).toBe(1);
    expect(sandbox.stats.requests[0]!.query).not.toHaveProperty(added.name);
  });

  it('on 1.1: it is sent with its default', async () => {
    const r = await run(1.1);
    expect(r.error).toBeUndefined();
    expect(sandbox.stats.count()).toBe(1);
    expect(String(sandbox.stats.requests[0]!.query[added.name])).toBe(String(fieldOf(generated)!.default));
  });
});

// A new enum value becoming the default: before it, workflows that kept the default saved nothing (n8n
// stores only values that differ) and sent the old default; 1.1 shows the new default, and the released
// field stays, shown before 1.1, so saved workflows send the old default still.
const enumOp = documentedOperations.find(
  (o) =>
    !o.deprecated &&
    !o.hidden &&
    !o.pagination &&
    !o.danger?.length &&
    o.params.every((p) => !p.required || (p.type === 'string' && !p.enum)) &&
    o.params.some((p) => !p.required && (p.enum?.length ?? 0) > 1 && p.default !== undefined),
)!;
const enumParam = enumOp.params.find(
  (p) => !p.required && (p.enum?.length ?? 0) > 1 && p.default !== undefined,
)!;
const enumPlatform = documentedPlatforms.find((p) => p.id === enumOp.namespace)!;
const oldDefault = enumParam.enum!.find((e) => e.value !== enumParam.default)!.value;
const beforeNewValue = documentedOperations.map((o) =>
  o.id === enumOp.id
    ? {
        ...o,
        params: o.params.map((p) =>
          p === enumParam
            ? { ...p, default: oldDefault, enum: p.enum!.filter((e) => e.value !== enumParam.default) }
            : p,
        ),
      }
    : o,
);
const enumFrozen = platformProperties(enumPlatform, beforeNewValue);
const enumNow = platformProperties(enumPlatform, [...documentedOperations]);
const variants = (props: INodeProperties[]) =>
  props.filter(
    (p) => p.name === enumParam.name && p.displayOptions?.show?.operation?.includes(enumOp.method),
  );

describe(`a new enum value becoming the default (${enumOp.id}: ${enumParam.name} ${oldDefault} -> ${enumParam.default})`, () => {
  const plan = versionPlan(released, enumNow, { 1: enumFrozen });
  const versions = plan.action === 'minor' ? plan.versions : released;
  const snapshot = withMinors(enumNow, versions, 1, enumFrozen);

  it('is additive-behavioural: a minor version 1.1, the released field kept before it, the new one from it on', () => {
    expect(versionChange(enumFrozen, enumNow)).toBe('additive-behavioural');
    expect(plan).toMatchObject({
      action: 'minor',
      minor: 1.1,
      versions: { minors: { '1.1': { [enumOp.method]: [enumParam.name] } } },
    });
    expect(variants(snapshot).map((p) => [p.default, p.displayOptions?.show?.['@version']])).toEqual([
      [oldDefault, [{ _cnd: { lt: 1.1 } }]],
      [enumParam.default, [{ _cnd: { gte: 1.1 } }]],
    ]);
    expect(versionProblems(enumPlatform.id, versions, enumNow, { 1: snapshot })).toEqual([]);
    expect(versionPlan(versions, enumNow, { 1: snapshot })).toEqual({ action: 'none' });
  });

  it('a value removed as well is still breaking: a new version', () => {
    const removed = platformProperties(
      enumPlatform,
      documentedOperations.map((o) =>
        o.id === enumOp.id
          ? {
              ...o,
              params: o.params.map((p) =>
                p === enumParam ? { ...p, enum: p.enum!.filter((e) => e.value !== oldDefault) } : p,
              ),
            }
          : o,
      ),
    );
    expect(versionPlan(released, removed, { 1: enumFrozen })).toMatchObject({ action: 'bump' });
  });

  describe('in n8n', () => {
    const Node = platformNodeType(enumPlatform.id, { 1: snapshot }, enumPlatform.id, undefined, versions);
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ tokens: [GOOD] });
    });
    afterAll(() => sandbox.close());
    afterEach(() => sandbox.stats.reset());
    const run = (typeVersion: number) =>
      runWorkflow({
        platform: { node: Node, type: `n8n-nodes-justoneapi.${enumPlatform.id}` },
        typeVersion,
        credentials: { token: GOOD, environment: 'custom', baseUrl: sandbox.url },
        parameters: {
          operation: enumOp.method,
          ...Object.fromEntries(enumOp.params.filter((p) => p.required).map((p) => [p.name, 'sample'])),
        },
      });
    it.each([
      [1, oldDefault],
      [1.1, enumParam.default],
    ])('saved on %s (the field left at its default): sends %s', async (v, sent) => {
      const r = await run(v);
      expect(r.error).toBeUndefined();
      expect(sandbox.stats.requests.map((q) => q.query[enumParam.name])).toEqual([String(sent)]);
    });
  });
});
