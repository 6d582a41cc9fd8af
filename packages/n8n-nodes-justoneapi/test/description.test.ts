import { describe, expect, it } from 'vitest';
import { Workflow, type INode, type INodeProperties, type INodeTypes } from 'n8n-workflow';
import {
  documentedOperations as operations,
  documentedPlatforms,
  pagingParams,
  type DocumentedOperation,
} from '@justoneapi/sdk/core';
import { Xiaohongshu } from '../nodes/Xiaohongshu/Xiaohongshu.node';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';
import { platformTexts } from '../nodes/shared/node';
import { bilingual, offered, platformProperties, retired } from '../nodes/shared/properties';
import { versionProblems } from '../nodes/shared/versioning';
import versions from '../nodes/versions.json';
import v1 from '../nodes/released/xiaohongshu.v1.json';
import v2 from '../nodes/generated/xiaohongshu.v2.json';
import codex from '../nodes/generated/Xiaohongshu.node.json';

const node = new Xiaohongshu();
const current = node.getNodeType(node.currentVersion).description;
const fields = (name: string, props = current.properties) => props.filter((p) => p.name === name);
const optionValues = (p: INodeProperties) =>
  (p.options ?? []).map((o) => ('value' in o ? o.value : undefined));
/** The Operation options a new node lists: those without displayOptions (retired ones show only when saved). */
const pickerValues = (p: INodeProperties) =>
  optionValues({
    ...p,
    options: (p.options ?? []).filter((o) => !('displayOptions' in o)),
  } as INodeProperties);
const xhs = documentedPlatforms.find((p) => p.id === 'xiaohongshu')!;

function subtitleFor(subtitle: string, parameters: INode['parameters']): unknown {
  const n: INode = { id: 'n', name: 'n', type: 'x', typeVersion: 2, position: [0, 0], parameters };
  const workflow = new Workflow({
    nodes: [n],
    connections: {},
    active: false,
    nodeTypes: { getByNameAndVersion: () => undefined } as unknown as INodeTypes,
  });
  return workflow.expression.getSimpleParameterValue(n, subtitle, 'internal', {}, undefined, '');
}

describe('platform node (current version), generated from the catalog', () => {
  it('offers every operation of the platform that is neither deprecated nor hidden, by its vendor summary', () => {
    const [operation] = fields('operation');
    const expected = operations.filter(
      (op) => op.namespace === 'xiaohongshu' && !op.deprecated && !op.hidden,
    );
    expect(pickerValues(operation!).sort()).toEqual(expected.map((op) => op.method).sort());
    expect(operation!.default).toBe('searchUsers'); // the README's quick start
    for (const o of operation!.options as Array<{ name: string; action: string; displayOptions?: unknown }>)
      if (!o.displayOptions) expect(o.action).toMatch(/^[A-Z][a-z]+ \w+/);
  });

  it('has one field per parameter (paging state excluded), shown only for its operation, with catalog types, defaults and required', () => {
    for (const op of offered(operations, 'xiaohongshu')) {
      for (const param of op.params.filter((p) => !pagingParams(op).includes(p.name))) {
        const top = fields(param.name).find((f) => f.displayOptions?.show?.operation?.includes(op.method));
        const extra = fields('additionalFields').find((f) =>
          f.displayOptions?.show?.operation?.includes(op.method),
        );
        const field =
          top ?? (extra?.options as INodeProperties[] | undefined)?.find((f) => f.name === param.name);
        expect(field, `${op.id} ${param.name}`).toBeDefined();
        if (!field) continue;
        // Required parameters, those with a default and enums are top-level fields; the optional rest sit in
        // the operation's Additional Fields.
        expect(Boolean(top), `${op.id} ${param.name} top-level`).toBe(
          param.required || param.default !== undefined || Boolean(param.enum),
        );
        if (top) expect(top.displayOptions!.show!.operation).toEqual([op.method]);
        expect(field.required ?? false).toBe(param.required);
        if (param.enum) {
          // An optional enum without a default also offers "not set" ('').
          expect(optionValues(field).filter((v) => v !== '')).toEqual(param.enum.map((e) => e.value));
          expect(field.default).toBe(param.default ?? '');
          expect(field.options!.map((o) => o.name)).toContain(bilingual(param.enum[1]!.label));
          if (param.enum[1]!.label.zh !== param.enum[1]!.label.en) {
            expect(bilingual(param.enum[1]!.label)).toContain(` · ${param.enum[1]!.label.zh}`);
          }
        }
      }
      for (const p of pagingParams(op)) expect(fields(p)).toEqual([]);
    }
  });

  it('paged operations get Return All, Limit (50; 10 as an AI tool) and Max Pages (100); others none', () => {
    const paged = [...offered(operations, 'xiaohongshu'), ...retired(operations, 'xiaohongshu')]
      .filter((op) => op.pagination)
      .map((op) => op.method);
    expect(fields('returnAll')[0]!.displayOptions!.show!.operation).toEqual(paged);
    expect(fields('limit').map((f) => f.default)).toEqual([50, 10]);
    expect(fields('maxPages')[0]).toMatchObject({
      default: 100,
      displayOptions: { show: { operation: paged } },
    });
    const options = fields('options')[0]!.options as INodeProperties[];
    expect(options.map((o) => o.name)).toEqual([
      'usageInItems',
      'batching',
      'maxRequests',
      'maxRequestsPerSecond',
      'maxRetries',
      'pageInterval',
      'startFrom',
      'timeoutMs',
    ]);
    expect(JSON.stringify(current.properties)).not.toMatch(/singlePage|"concurrency"|"page"/);
  });

  it('deprecated and hidden operations are not offered to new nodes, but keep their option and fields for saved ones', () => {
    const [first, second, ...rest] = offered(operations, 'xiaohongshu');
    const changed: DocumentedOperation[] = operations.map((op) =>
      op === first ? { ...op, deprecated: true } : op === second ? { ...op, hidden: true } : op,
    );
    const props = platformProperties(xhs, changed);
    const operation = fields('operation', props)[0]!;
    expect(pickerValues(operation).sort()).toEqual(rest.map((op) => op.method).sort());
    for (const op of [first!, second!]) {
      const option = operation.options!.find((o) => 'value' in o && o.value === op.method);
      expect(option).toMatchObject({ displayOptions: { show: { operation: [op.method] } } });
      const required = op.params.find((p) => p.required && !pagingParams(op).includes(p.name));
      if (required)
        expect(
          fields(required.name, props).some((f) => f.displayOptions?.show?.operation?.includes(op.method)),
        ).toBe(true);
    }
    const none = operations.map((op) => (op.namespace === 'xiaohongshu' ? { ...op, hidden: true } : op));
    expect(() => platformProperties(xhs, none)).toThrow(/no operation to offer/);
  });

  it('the subtitle names the chosen operation', () => {
    for (const op of offered(operations, 'xiaohongshu'))
      expect(subtitleFor(current.subtitle!, { operation: op.method })).toMatch(
        new RegExp(`^${op.summary.en}`),
      );
  });

  it('is found in the node panel by English and Chinese names (codex aliases), and usable as an AI tool', () => {
    expect(codex.alias).toEqual(expect.arrayContaining([...xhs.aliases, xhs.name.zh, 'Just One API']));
    expect(codex.node).toBe('n8n-nodes-justoneapi.xiaohongshu');
    expect(current.usableAsTool).toBe(true);
  });

  it("one line under every node's name in the node panel, as core nodes have", () => {
    const texts = [
      ...documentedPlatforms.map((p) => platformTexts(p.id).description),
      new JustOneApiTrigger().description.description,
    ];
    // About 45 characters fit one line of the panel's search results (n8n 2.40; e2e/editor.mjs measures it).
    for (const t of texts) expect(t.length, t).toBeLessThanOrEqual(45);
  });
});

describe('versions', () => {
  it('keeps v1 (saved workflows) as it was released: resource/operation, Start Page, Single Page Only, Concurrency', () => {
    const legacy = node.getNodeType(1).description;
    expect(legacy.properties).toEqual(v1.properties);
    expect(legacy.properties.map((p) => p.name).slice(0, 3)).toEqual(['resource', 'operation', 'operation']);
    expect(versions.xiaohongshu.released).toContain(1);
  });

  it('serves the current version from its committed snapshot, which the catalog regenerates exactly', () => {
    expect(current.properties).toEqual(v2);
    expect(
      versionProblems('xiaohongshu', versions.xiaohongshu, platformProperties(xhs, operations), {
        1: v1,
        2: v2,
      }),
    ).toEqual([]);
  });

  it('fails when a catalog change alters a released version without a new version', () => {
    const released = { ...versions.xiaohongshu, released: [1, 2] };
    const feed = operations.find((op) => op.method === 'getNoteFeed')!;
    const changed = operations.map((op) =>
      op === feed
        ? {
            ...op,
            params: op.params.map((p) =>
              p.name === 'oid' ? { ...p, enum: p.enum!.slice(1), default: p.enum![1]!.value } : p,
            ),
          }
        : op,
    );
    const problems = versionProblems('xiaohongshu', released, platformProperties(xhs, changed), {
      1: v1,
      2: v2,
    });
    expect(problems).toEqual([expect.stringMatching(/v2 is released.*set "current": 3/)]);
    // With the new version, v2 stays as released and v3 is generated.
    expect(
      versionProblems('xiaohongshu', { ...released, current: 3 }, platformProperties(xhs, changed), {
        1: v1,
        2: v2,
      }),
    ).toEqual([]);
    // An unreleased current version is simply regenerated.
    expect(
      versionProblems('xiaohongshu', versions.xiaohongshu, platformProperties(xhs, changed), {
        1: v1,
        2: v2,
      }),
    ).toEqual([]);
  });
});
