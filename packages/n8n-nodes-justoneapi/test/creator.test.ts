// What n8n's node panel lists for the trigger. n8n builds a trigger's entries from its description
// (editor-ui nodeCreator/composables/useActionsGeneration.ts, n8n 2.40): one entry per option of the
// property displayed as "Event", "Events" or "Trigger On" (its `action` is the entry's name), plus one per
// option of the first property named `operation` unless the node has a `resource` property. The e2e
// (e2e/editor.mjs) checks the real panel in n8n 2.40.7.
import { describe, expect, it } from 'vitest';
import type { INodeProperties } from 'n8n-workflow';
import { documentedPlatforms } from '@justoneapi/sdk/core';
import { JustOneApiTrigger } from '../nodes/JustOneApiTrigger/JustOneApiTrigger.node';

const { properties } = new JustOneApiTrigger().getNodeType(1).description;
const EVENT_NAMES = ['event', 'events', 'trigger on'];

describe("the trigger's entries in n8n's node panel", () => {
  it('one entry per platform, named after it, that sets that platform', () => {
    const events = properties.find((p) => EVENT_NAMES.includes(p.displayName.toLowerCase()));
    expect(events?.name).toBe('platform');
    const options = (events?.options ?? []) as Array<{ value: string; action?: string }>;
    expect(options.length).toBeGreaterThan(1);
    for (const o of options) {
      const platform = documentedPlatforms.find((p) => p.id === o.value)!;
      expect(o.action).toBe(`On new ${platform.name.en} items`);
    }
  });

  it("no shortcuts from the first platform's Operation list (they named one platform's operations only)", () => {
    const resource: INodeProperties | undefined = properties.find((p) => p.name === 'resource');
    expect(resource?.type).toBe('hidden');
    expect(resource?.options ?? []).toEqual([]);
  });
});
