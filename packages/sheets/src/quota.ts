// Apps Script allows 20,000 UrlFetch calls a day on a consumer account (100,000 on Workspace), shared
// by everything the user's scripts do. Refreshes count theirs (per UTC day, in document properties);
// a schedule whose jobs could use more than a share of the quota is refused.
const DAY_KEY = 'JUSTONEAPI_URLFETCH_TODAY';

export interface FetchCount {
  /** UrlFetch calls in this run (each request of a fetchAll counts). */
  run: number;
  /** This spreadsheet's refreshes today, this run included. */
  today: number;
  quota: number;
}

const scriptNumber = (key: string, fallback: number, ok: (n: number) => boolean): number => {
  const n = Number(PropertiesService.getScriptProperties().getProperty(key) ?? NaN);
  return Number.isFinite(n) && ok(n) ? n : fallback;
};

/** Script property JUSTONEAPI_URLFETCH_QUOTA: the daily UrlFetch quota (20,000; 100,000 on Workspace). */
export const dailyQuota = () => scriptNumber('JUSTONEAPI_URLFETCH_QUOTA', 20_000, (n) => n >= 1);
/** Script property JUSTONEAPI_URLFETCH_SHARE: the share of it a schedule may plan for (default 0.5). */
export const dailyShare = () => scriptNumber('JUSTONEAPI_URLFETCH_SHARE', 0.5, (n) => n > 0 && n <= 1);

export function countFetches(run: number): FetchCount {
  const props = PropertiesService.getDocumentProperties();
  const day = new Date(Date.now()).toISOString().slice(0, 10);
  const [storedDay, stored] = (props.getProperty(DAY_KEY) ?? '').split(' ');
  const today = (storedDay === day ? Number(stored) || 0 : 0) + run;
  if (run > 0) props.setProperty(DAY_KEY, `${day} ${today}`);
  return { run, today, quota: dailyQuota() };
}
