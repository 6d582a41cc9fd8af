import type { OperationSpec } from './catalog-types.js';
import type { Ledger } from './ledger.js';
import type { PageResult } from './pagination.js';
import { filterSeen, itemKey } from './seen.js';

/**
 * "Only new" for one run: drops items an earlier run delivered, cuts at maxItems new items, and marks
 * items seen only once the host says it handed them over (`delivered`), so an item fetched and not
 * delivered (the consumer stopped, or threw) comes again on the next run instead of being lost.
 */
export class OnlyNew<Item> {
  private readonly seen = new Set<string>();
  private emitted = 0;
  /** The last page's new items, and the keys of its items seen before (refreshed on delivery). */
  private last: Item[] = [];
  private refresh: string[] = [];

  constructor(
    private readonly op: OperationSpec,
    private readonly maxItems = Infinity,
  ) {}

  known(ids: Iterable<string>): void {
    for (const id of ids) this.seen.add(id);
  }

  /** Keeps the page's items not seen before (throws when no item has the id field). */
  filter(page: PageResult<Item>, ledger: Ledger): void {
    const { fresh, seenKeys } = filterSeen(this.op, page.items, this.seen);
    ledger.seenBefore(seenKeys.length);
    const room = this.maxItems - this.emitted;
    page.items = fresh.slice(0, room);
    if (fresh.length >= room && !page.done) {
      page.done = true;
      page.stop = 'limit';
      page.reason = 'max-items';
    }
    this.emitted += page.items.length;
    this.last = page.items;
    this.refresh = seenKeys;
  }

  delivered(n: number): string[] {
    const given = this.last.slice(0, Math.max(0, n));
    const keys = [...this.refresh, ...given.flatMap((i) => itemKey(this.op, i) ?? [])];
    for (const k of keys) this.seen.add(k);
    this.last = this.last.slice(given.length);
    this.refresh = [];
    return keys;
  }
}
