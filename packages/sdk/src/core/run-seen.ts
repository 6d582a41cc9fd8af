import type { OperationSpec } from './catalog-types.js';
import type { Ledger } from './ledger.js';
import type { PageResult } from './pagination.js';
import { filterSeen, itemKey } from './seen.js';

/**
 * "Only new" for one run: drops items an earlier run delivered, cuts at maxItems new items, and marks
 * items seen only once the host says it handed them over (`delivered`), so an item fetched and not
 * delivered (the consumer stopped, or threw) comes again on the next run instead of being lost.
 */
export function onlyNew<Item>(op: OperationSpec, maxItems = Infinity, stopAtSeen = false) {
  const seen = new Set<string>();
  let emitted = 0;
  // The last page's new items not handed over yet, and the keys of its items seen before (refreshed on delivery).
  let last: Item[] = [];
  let refresh: string[] = [];
  return {
    known(ids: Iterable<string>): void {
      for (const id of ids) seen.add(id);
    },
    /** Keeps the page's items not seen before (throws when no item has the id field). */
    filter(page: PageResult<Item>, ledger: Ledger): void {
      const { fresh, seenKeys } = filterSeen(op, page.items, seen);
      ledger.seenBefore(seenKeys.length);
      const room = maxItems - emitted;
      page.items = last = fresh.slice(0, room);
      if (fresh.length >= room && !page.done) {
        page.done = true;
        page.stop = 'limit';
        page.reason = 'max-items';
      } else if (stopAtSeen && fresh.length === 0 && seenKeys.length > 0 && !page.done) {
        // A page of items earlier runs delivered brings nothing new: paying for the next one is waste.
        // Its `next` stays, so a caller who wants older items resumes from it.
        page.done = true;
        page.stop = 'limit';
        page.reason = 'seen-before';
      }
      emitted += last.length;
      refresh = seenKeys;
    },
    delivered(n: number): string[] {
      const given = last.slice(0, Math.max(0, n));
      const keys = [...refresh, ...given.flatMap((i) => itemKey(op, i) ?? [])];
      for (const k of keys) seen.add(k);
      last = last.slice(given.length);
      refresh = [];
      return keys;
    },
  };
}
