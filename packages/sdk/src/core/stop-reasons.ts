import type { StopReason } from './pagination.js';

/** Each reason a run stops, in words a host can show (hosts render from the code, never parse the text). */
export const STOP_REASONS: Record<StopReason, string> = {
  empty: 'the page was empty: end of results',
  'no-more': 'the API said there are no more pages',
  'nothing-new': 'the page brought nothing new (every item was already received in this run)',
  'cursor-unchanged': 'the continuation value did not move',
  'cursor-missing': 'the answer carried no continuation value',
  'max-pages': 'the page limit was reached',
  'max-items': 'the item limit was reached',
  'seen-before': 'every item of the page was delivered by an earlier run ("only new"): nothing newer follows',
};
