import { cacheClear } from './cache';
import { CONFIG_SHEET, hasMark, MARK_JOBS, MARK_REFERENCE, MARK_TARGET, readJobs } from './jobs';
import { describeError } from './messages';
import { dailyQuota, dailyShare } from './quota';
import { estimateRefresh, MAX_RETRIES, refreshAll, STOPPED, summarize, type RefreshReport } from './refresh';
import { getRegion, getToken, removeToken, setRegion, setToken } from './settings';
import { DEFAULT_PER_DAY, DEFAULT_PER_REFRESH, describeCaps, setCaps } from './spend';

export const TRIGGER_HANDLER = 'XHS_REFRESH_TRIGGER';
export const CONTINUE_HANDLER = 'XHS_CONTINUE_TRIGGER';
const ui = () => SpreadsheetApp.getUi();

export function onOpen(): void {
  const u = ui();
  u.createMenu('Just One API')
    .addItem('Set token…', 'XHS_MENU_SET_TOKEN')
    .addItem('Remove my token', 'XHS_MENU_REMOVE_TOKEN')
    .addItem('Region…', 'XHS_MENU_REGION')
    .addSeparator()
    .addItem('Refresh now', 'XHS_MENU_REFRESH')
    .addItem('Estimate requests', 'XHS_MENU_ESTIMATE')
    .addItem('Request caps…', 'XHS_MENU_CAPS')
    .addSubMenu(
      u
        .createMenu('Schedule refresh')
        .addItem('Every hour', 'XHS_MENU_SCHEDULE_HOURLY')
        .addItem('Every day', 'XHS_MENU_SCHEDULE_DAILY')
        .addItem('Remove schedule', 'XHS_MENU_UNSCHEDULE'),
    )
    .addItem('Let refresh write to this sheet', 'XHS_MENU_MARK_TARGET')
    .addSeparator()
    .addItem('Operations reference', 'XHS_MENU_OPERATIONS')
    .addItem('Clear cache', 'XHS_MENU_CLEAR_CACHE')
    .addItem('About', 'XHS_MENU_ABOUT')
    .addToUi();
}

const TOKEN_MODEL =
  "Formulas always use the spreadsheet owner's token; an editor's token serves only the refreshes and schedules that editor runs from this menu.";

export function XHS_MENU_SET_TOKEN(): void {
  const u = ui();
  const answer = u.prompt(
    'Just One API token',
    `Paste your token (kept in your user properties, never in a cell). ${TOKEN_MODEL}`,
    u.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== u.Button.OK) return;
  const token = answer.getResponseText().trim();
  if (!token) return void u.alert('No token entered; nothing was changed.');
  setToken(token);
  u.alert(`Token saved for you. ${TOKEN_MODEL}`);
}

export function XHS_MENU_REMOVE_TOKEN(): void {
  removeToken();
  ui().alert('Your saved token (if any) was removed.');
}

export function XHS_MENU_REGION(): void {
  const u = ui();
  const answer = u.prompt(
    'Region',
    `"global", "cn" (mainland China; plain HTTP, unencrypted) or a base URL. Now: ${getRegion()}`,
    u.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== u.Button.OK) return;
  try {
    setRegion(answer.getResponseText());
    u.alert(`Region set to ${getRegion()}.`);
  } catch (err) {
    u.alert((err as Error).message);
  }
}

export function XHS_MENU_REFRESH(): void {
  try {
    ui().alert('Refresh finished', summarize(refreshAll()), ui().ButtonSet.OK);
  } catch (err) {
    ui().alert(describeError(err));
  }
}

/** A dry run: the most requests the next refresh can make, from the jobs' settings; nothing is sent. */
export function XHS_MENU_ESTIMATE(): void {
  try {
    ui().alert('Estimate requests', estimateRefresh(), ui().ButtonSet.OK);
  } catch (err) {
    ui().alert(describeError(err));
  }
}

export function XHS_MENU_CAPS(): void {
  const u = ui();
  const answer = u.prompt(
    'Request caps',
    `Most requests per refresh and per day (this spreadsheet's refreshes, a day in its time zone), for example "${DEFAULT_PER_REFRESH}, ${DEFAULT_PER_DAY}" (the defaults); "none" for no cap. A refresh stops before the request past a cap. ${describeCaps()}`,
    u.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== u.Button.OK) return;
  try {
    setCaps(answer.getResponseText());
    u.alert(describeCaps());
  } catch (err) {
    u.alert((err as Error).message);
  }
}

export function XHS_MENU_MARK_TARGET(): void {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet();
  if (hasMark(sheet, MARK_JOBS) || hasMark(sheet, MARK_REFERENCE) || sheet.getName() === CONFIG_SHEET)
    return void ui().alert(`"${sheet.getName()}" cannot be a target.`);
  if (!hasMark(sheet, MARK_TARGET)) sheet.addDeveloperMetadata(MARK_TARGET);
  ui().alert(`A job with target sheet "${sheet.getName()}" may now overwrite it.`);
}

function removeTriggers(handler: string): number {
  const ours = ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === handler);
  ours.forEach((t) => ScriptApp.deleteTrigger(t));
  return ours.length;
}

/** Why a schedule running `runsPerDay` times could use more UrlFetch calls than its daily share, if it could. */
function scheduleProblem(runsPerDay: number, every: string): string | undefined {
  const { jobs } = readJobs();
  const pages = jobs.reduce((n, job) => n + (job.op.pagination ? job.pages : 1), 0);
  const worst = pages * (1 + MAX_RETRIES) * runsPerDay;
  const allowed = Math.floor(dailyQuota() * dailyShare());
  if (worst <= allowed) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `Not scheduled: ${pages} page(s) ${every}, with retries, could use ${n(worst)} UrlFetch calls a day, more than the ${n(allowed)} allowed (${Math.round(dailyShare() * 100)} % of ${n(dailyQuota())}). Lower the pages or schedule less often (script properties: JUSTONEAPI_URLFETCH_SHARE, _QUOTA).`;
}

function schedule(runsPerDay: number, every: string, create: () => void, done: string): void {
  const problem = scheduleProblem(runsPerDay, every);
  if (problem) return void ui().alert(problem);
  removeTriggers(TRIGGER_HANDLER);
  create();
  ui().alert(done);
}

export function XHS_MENU_SCHEDULE_HOURLY(): void {
  schedule(
    24,
    'every hour',
    () => ScriptApp.newTrigger(TRIGGER_HANDLER).timeBased().everyHours(1).create(),
    'The jobs will refresh every hour, with your token.',
  );
}

export function XHS_MENU_SCHEDULE_DAILY(): void {
  schedule(
    1,
    'every day',
    () => ScriptApp.newTrigger(TRIGGER_HANDLER).timeBased().everyDays(1).atHour(6).create(),
    "The jobs will refresh every day at about 6:00 in the script's time zone, with your token.",
  );
}

export function XHS_MENU_UNSCHEDULE(): void {
  removeTriggers(CONTINUE_HANDLER);
  const n = removeTriggers(TRIGGER_HANDLER);
  ui().alert(n ? 'Scheduled refresh removed.' : 'There was no scheduled refresh.');
}

export function XHS_MENU_CLEAR_CACHE(): void {
  cacheClear();
  ui().alert('Cache cleared: formulas fetch (and pay) again on their next recalculation.');
}

export function XHS_MENU_ABOUT(): void {
  ui().alert(
    'Just One API for Google Sheets',
    [
      '=JUSTONEAPI(operation, name, value, …), =XHS_SEARCH_USERS, =XHS_NOTE_FEED; results cached 6 h.',
      `Your token: ${getToken() ? 'set' : 'not set'}. ${TOKEN_MODEL} Region: ${getRegion()}.`,
    ].join('\n'),
    ui().ButtonSet.OK,
  );
}

/**
 * A scheduled run that stopped at the time limit continues a minute later (only the jobs it did not
 * finish, resuming from the pages already fetched), as long as each continuation makes progress.
 */
function afterScheduledRun(report: RefreshReport): void {
  removeTriggers(CONTINUE_HANDLER);
  if (report.stopped.length > 0 && report.pagesFetched > 0)
    ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().after(60_000).create();
}

function scheduledRun(only?: Parameters<typeof refreshAll>[0]): void {
  try {
    const report = refreshAll(only);
    Logger.log(summarize(report));
    afterScheduledRun(report);
  } catch (err) {
    Logger.log(`Just One API scheduled refresh did not run: ${describeError(err)}`);
  }
}

/** Time-driven trigger: refresh without any UI; the outcome is in the jobs sheet and the execution log. */
export function XHS_REFRESH_TRIGGER(): void {
  scheduledRun();
}

/** One-off trigger: the jobs a scheduled run left "not refreshed: time limit". */
export function XHS_CONTINUE_TRIGGER(): void {
  scheduledRun((job) => job.previous.startsWith(STOPPED));
}
