// What a trigger's schedule can cost: the most polls a day of each n8n Poll Times mode, times the most
// requests one poll may send (Max Requests per Poll, and never more than Max Pages per Poll pages with
// Max Retries each). Written once here and rendered twice: as the node's subtitle expression (the editor
// evaluates it with the node's settings) and as the numbers of the notice next to Poll Times. With Stop When a
// Page Has Nothing New on (v2's default), a poll that finds nothing new costs one request: the subtitle
// gives that figure a day too.
import { DEFAULT_MAX_RETRIES } from '@justoneapi/sdk/core';

/** The most polls one Poll Times entry allows in a day, as an expression over the entry `t`. */
const POLLS_OF_ENTRY =
  't.mode === "everyMinute" ? 1440 : t.mode === "everyHour" ? 24 : t.mode === "everyX" ? ' +
  '(t.unit === "minutes" ? 24 * Math.ceil(60 / Math.max(1, t.value)) : Math.ceil(24 / Math.max(1, t.value))) : ' +
  '["everyDay", "everyWeek", "everyMonth"].includes(t.mode) ? 1 : NaN';

/** The most requests one poll sends, as an expression over the node's settings. */
const REQUESTS_PER_POLL = `Math.min($parameter["maxRequests"], $parameter["maxPages"] * (1 + (typeof ($parameter["options"] || {}).maxRetries === "number" ? $parameter["options"].maxRetries : ${DEFAULT_MAX_RETRIES})))`;

/** The trigger's subtitle: the operation, and the most requests a day the settings allow (when the schedule says). */
export function costSubtitle(): string {
  const polls = `(($parameter["pollTimes"] || {}).item || []).map(function (t) { return ${POLLS_OF_ENTRY}; }).reduce(function (a, b) { return a + b; }, 0)`;
  const perDay = `(${polls}) * ${REQUESTS_PER_POLL}`;
  // v1 has no Stop When a Page Has Nothing New: the parameter is undefined there, so the figure is left out.
  const idle = `($parameter["stopAtSeen"] === true ? ", " + (${polls}).toLocaleString("en-US") + " when nothing is new" : "")`;
  return `={{ "New items: " + $parameter["operation"] + (isFinite(${perDay}) ? " · at most " + (${perDay}).toLocaleString("en-US") + " requests a day" + ${idle} : "") }}`;
}

/** The most requests a day for a fixed number of polls a day and the default poll limits. */
export function requestsPerDay(pollsPerDay: number, maxPages: number, maxRequests: number): number {
  return pollsPerDay * Math.min(maxRequests, maxPages * (1 + DEFAULT_MAX_RETRIES));
}
