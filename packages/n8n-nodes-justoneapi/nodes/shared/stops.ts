// The words for items a run did not finish: a failed page, Max Requests reached, items stopped or not run.
// Rendered from the errors' fields (BudgetExceededError's sent, maxRequests and next), never their text.
import {
  type BudgetExceededError,
  describeResume,
  type OperationSpec,
  pagingParams,
} from '@justoneapi/sdk/runtime';
import type { ItemOutcome } from './item-run';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "item 3", "items 3, 4". */
export const itemList = (list: number[]) => `item${list.length > 1 ? 's' : ''} ${list.join(', ')}`;

/** The headline of a reached budget (Options > Max Requests). */
export function budgetWords(e: BudgetExceededError): string {
  return `Max Requests (${e.maxRequests}) reached: ${e.sent} request${e.sent === 1 ? '' : 's'} sent; the next one was not sent`;
}

/** What became of the items a stop cut short: "item 3 was not run; item 1 stopped before page=3 (its 20 items are returned)". */
export function cutShort(op: OperationSpec, outcomes: Array<[number, ItemOutcome]>): string {
  const notRun = outcomes.filter(([, o]) => o.usage.requests === 0 && o.items.length === 0).map(([i]) => i);
  const stopped = outcomes
    .filter(([, o]) => o.usage.requests > 0 || o.items.length > 0)
    .map(([i, o]) => {
      const where = o.resume
        ? `before ${describeResume(o.resume, pagingParams(op))}`
        : `at page ${o.failedPage}`;
      return `item ${i} stopped ${where} (its ${o.items.length} items are returned)`;
    });
  const parts = [...stopped];
  if (notRun.length) parts.push(`${itemList(notRun)} ${notRun.length > 1 ? 'were' : 'was'} not run`);
  return parts.join('; ');
}

/** The warning of a reached budget: where each item stopped, and what to change. */
export function budgetHint(op: OperationSpec, e: BudgetExceededError, cut: Array<[number, ItemOutcome]>) {
  return `${budgetWords(e)}. ${cap(cutShort(op, cut))}. Raise Max Requests (Options; each request is paid) to get more, or continue in a later run with Options > Start From set to the item's paging.resume (no page is fetched twice).`;
}
