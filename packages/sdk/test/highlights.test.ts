// The vendor's notes on operations (x-highlights: danger, warning, tip, info) reach `highlightsOf`
// verbatim, for help texts and AI tools (the MCP server's warnings and acknowledgements).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentedOperations, highlightsOf } from '../src/core/index.js';

const vendor = JSON.parse(
  readFileSync(new URL('../../../specs/vendor/public-api.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, { 'x-highlights'?: Array<Record<string, unknown>> }>> };

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
