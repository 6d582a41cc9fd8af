import { describe, expect, it } from 'vitest';
import { Workflow, type INode, type INodeProperties, type INodeTypes } from 'n8n-workflow';
import { documentedOperations as operations } from '@justoneapi/sdk/core';
import { Xiaohongshu } from '../nodes/Xiaohongshu/Xiaohongshu.node';

const { description } = new Xiaohongshu();
const fields = (name: string) => description.properties.filter((p) => p.name === name);
const shownFor = (p: INodeProperties) => ({
  resource: p.displayOptions?.show?.resource,
  operation: p.displayOptions?.show?.operation,
});

describe('node description', () => {
  it('offers every catalog operation under its resource', () => {
    const resources = fields('resource')[0]!.options!.map((o) => 'value' in o && o.value);
    expect(resources.sort()).toEqual([...new Set(operations.map((op) => op.resource))].sort());
    for (const op of operations) {
      const operation = fields('operation').find((p) =>
        p.displayOptions?.show?.resource?.includes(op.resource),
      )!;
      expect(operation.options!.map((o) => 'value' in o && o.value)).toContain(op.operation);
    }
  });

  it('has one field per catalog parameter (the page is the Start Page option), shown only for its operation', () => {
    for (const op of operations) {
      for (const param of op.params.filter((p) => p.name !== op.pagination?.pageParam)) {
        const [field, ...more] = fields(param.name);
        expect(more).toEqual([]);
        expect(shownFor(field!)).toEqual({ resource: [op.resource], operation: [op.operation] });
        expect(field!.required ?? false).toBe(param.required);
        if (param.enum) {
          expect(field!.options!.map((o) => 'value' in o && o.value)).toEqual(param.enum.map((e) => e.value));
          expect(field!.default).toBe(param.default);
        }
      }
    }
  });

  it('is English only: no Chinese in any name, label, description, hint or placeholder', () => {
    expect(JSON.stringify({ ...description, properties: description.properties })).not.toMatch(
      /[\u3400-\u9fff]/,
    );
  });

  it('the feed labels are readable Title Case names of the catalog labels', () => {
    const feed = fields('oid')[0]!;
    const op = operations.find((o) => o.params.some((p) => p.name === 'oid'))!;
    const labels = op.params.find((p) => p.name === 'oid')!.enum!.map((e) => e.label.en);
    const names = feed.options!.map((o) => o.name);
    expect(names.map((n) => n.toLowerCase())).toEqual(labels.map((l) => l.toLowerCase()));
    expect(names.every((n) => /^[A-Z]/.test(n))).toBe(true);
    expect(names[labels.indexOf('recommend')]).toBe('Recommend');
  });

  it('the subtitle names the chosen operation with its catalog summary', () => {
    for (const op of operations) {
      const node: INode = {
        id: 'n',
        name: 'XHS',
        type: 'x',
        typeVersion: 1,
        position: [0, 0],
        parameters: { resource: op.resource, operation: op.operation },
      };
      const workflow = new Workflow({
        nodes: [node],
        connections: {},
        active: false,
        nodeTypes: { getByNameAndVersion: () => undefined } as unknown as INodeTypes,
      });
      expect(
        workflow.expression.getSimpleParameterValue(
          node,
          description.subtitle!,
          'internal',
          {},
          undefined,
          '',
        ),
      ).toBe(op.summary.en);
    }
  });

  it('can be used by an AI Agent as a tool, with an action per operation', () => {
    expect(description.usableAsTool).toBe(true);
    for (const option of fields('operation').flatMap((p) => p.options!))
      expect('action' in option && option.action).toMatch(/^[A-Z][a-z]+ \w+/);
  });
});
