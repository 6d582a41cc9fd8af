import {
  addSeen,
  countProblem,
  isState,
  Ledger,
  pruneSeen,
  seenIds,
  toNumber,
  type ParamValue,
  type SeenState,
} from '@justoneapi/sdk/core';

// Spend control for refreshes, kept per spreadsheet in document properties: the request caps (per
// refresh, per day), today's request count (a day in the spreadsheet's time zone), each job's resume
// point and the ids "append new" jobs already wrote. Counting and refusing is the core's Ledger.
const PER_REFRESH_KEY = 'JUSTONEAPI_MAX_REQUESTS_PER_REFRESH';
const PER_DAY_KEY = 'JUSTONEAPI_MAX_REQUESTS_PER_DAY';
const TODAY_KEY = 'JUSTONEAPI_REQUESTS_TODAY';
const RESUME_PREFIX = 'JUSTONEAPI_RESUME ';
const SEEN_PREFIX = 'JUSTONEAPI_SEEN ';

export const DEFAULT_PER_REFRESH = 200;
export const DEFAULT_PER_DAY = 2000;
/** Ids remembered per "append new" job (besides the ids in its sheet), and for how long. */
export const SEEN_LIMITS = { maxIds: 300, maxAgeMs: 30 * 24 * 3600_000 };
// PropertiesService keeps at most 9 kB per value.
const MAX_PROPERTY_CHARS = 8_500;

const props = () => PropertiesService.getDocumentProperties();

function cap(key: string, fallback: number): number {
  const raw = props().getProperty(key);
  if (raw === null) return fallback;
  if (raw === 'none') return Infinity;
  return countProblem(raw) ? fallback : toNumber(raw);
}

export const perRefreshCap = () => cap(PER_REFRESH_KEY, DEFAULT_PER_REFRESH);
export const perDayCap = () => cap(PER_DAY_KEY, DEFAULT_PER_DAY);
const show = (n: number) => (Number.isFinite(n) ? String(n) : 'none');

export function describeCaps(): string {
  return `Request caps: ${show(perRefreshCap())} per refresh, ${show(perDayCap())} per day (${requestsToday()} sent today).`;
}

/** "50, 500" or "50 500" or "none, 1000": the caps per refresh and per day. Throws on anything else. */
export function setCaps(text: string): void {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const ok = (p: string) => p === 'none' || !countProblem(p);
  if (parts.length !== 2 || !parts.every(ok))
    throw new Error(
      `Write two caps, per refresh and per day, as whole numbers from 1 (or "none"), for example "200, 2000"; got "${text.trim()}". Nothing was changed.`,
    );
  props().setProperty(PER_REFRESH_KEY, String(Number(parts[0]) || 'none'));
  props().setProperty(PER_DAY_KEY, String(Number(parts[1]) || 'none'));
}

/** Today in the spreadsheet's time zone ("2026-11-24"): the per-day cap's day. */
function today(): string {
  const tz = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  return Utilities.formatDate(new Date(Date.now()), tz, 'yyyy-MM-dd');
}

/** Requests this spreadsheet's refreshes sent today. */
export function requestsToday(): number {
  const [day, n] = (props().getProperty(TODAY_KEY) ?? '').split(' ');
  return day === today() ? Number(n) || 0 : 0;
}

/**
 * The ledgers of one refresh: `day` starts at today's count with the per-day cap, `run` has the
 * per-refresh cap; each job's ledger counts into both, so either cap stops it before the next request.
 */
export function refreshLedgers(): { day: Ledger; run: Ledger; sentBefore: number } {
  const sentBefore = requestsToday();
  const day = new Ledger({ maxRequests: perDayCap(), scope: 'today (the per-day cap)' });
  day.usage.requests = sentBefore;
  const run = new Ledger({
    maxRequests: perRefreshCap(),
    parent: day,
    scope: 'this refresh (the per-refresh cap)',
  });
  return { day, run, sentBefore };
}

/** Saves today's count (after every round, so a killed run still counts what it sent). */
export function saveToday(day: Ledger): void {
  props().setProperty(TODAY_KEY, `${today()} ${day.usage.requests}`);
}

/** Where an interrupted job continues: the params of its next page, and how many pages it had. */
export interface ResumePoint {
  next: Record<string, ParamValue>;
  /** Pages fetched before it stopped (its next page is page done + 1 of the job). */
  done: number;
}

export function getResume(key: string): ResumePoint | undefined {
  try {
    const r = JSON.parse(props().getProperty(RESUME_PREFIX + key) ?? 'null');
    return r && typeof r.next === 'object' && Number.isInteger(r.done) ? r : undefined;
  } catch {
    return undefined;
  }
}

export function setResume(key: string, point: ResumePoint | undefined): void {
  if (point) props().setProperty(RESUME_PREFIX + key, JSON.stringify(point));
  else props().deleteProperty(RESUME_PREFIX + key);
}

/**
 * The ids an "append new" job wrote in earlier runs (bounded: SEEN_LIMITS, and 9 kB a property), so a
 * row the user deleted from the sheet is not appended again while remembered.
 */
export function loadSeen(key: string): string[] {
  let state: SeenState = {};
  try {
    const parsed = JSON.parse(props().getProperty(SEEN_PREFIX + key) ?? '{}');
    if (isState(parsed)) state = parsed;
  } catch {
    /* started afresh */
  }
  return seenIds(state, 'ids', SEEN_LIMITS);
}

export function rememberSeen(key: string, ids: readonly string[]): void {
  let state: SeenState = {};
  try {
    const parsed = JSON.parse(props().getProperty(SEEN_PREFIX + key) ?? '{}');
    if (isState(parsed)) state = parsed;
  } catch {
    /* started afresh */
  }
  addSeen(state, 'ids', ids, SEEN_LIMITS);
  let text = JSON.stringify(state);
  for (let max = SEEN_LIMITS.maxIds; text.length > MAX_PROPERTY_CHARS && max > 1; ) {
    max = Math.floor(max * 0.8);
    text = JSON.stringify(pruneSeen(state, { ...SEEN_LIMITS, maxIds: max }));
  }
  props().setProperty(SEEN_PREFIX + key, text);
}
