import { cacheClear } from './cache';
import { configSheet } from './jobs';
import { refreshAll, summarize } from './refresh';
import { getRegion, getToken, setRegion, setToken } from './settings';

export const TRIGGER_HANDLER = 'XHS_REFRESH_TRIGGER';
const ui = () => SpreadsheetApp.getUi();

export function onOpen(): void {
  const u = ui();
  u.createMenu('Just One API')
    .addItem('Set token…', 'XHS_MENU_SET_TOKEN')
    .addItem('Region…', 'XHS_MENU_REGION')
    .addSeparator()
    .addItem('Refresh now', 'XHS_MENU_REFRESH')
    .addSubMenu(
      u
        .createMenu('Schedule refresh')
        .addItem('Every hour', 'XHS_MENU_SCHEDULE_HOURLY')
        .addItem('Every day', 'XHS_MENU_SCHEDULE_DAILY')
        .addItem('Remove schedule', 'XHS_MENU_UNSCHEDULE'),
    )
    .addItem('Clear cache', 'XHS_MENU_CLEAR_CACHE')
    .addItem('About', 'XHS_MENU_ABOUT')
    .addToUi();
}

export function XHS_MENU_SET_TOKEN(): void {
  const u = ui();
  const answer = u.prompt(
    'Just One API token',
    'Paste your token. It is stored in your user properties, never in a cell.',
    u.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== u.Button.OK) return;
  const token = answer.getResponseText().trim();
  if (!token) return void u.alert('No token entered; nothing was changed.');
  setToken(token);
  configSheet();
  u.alert('Token saved.');
}

export function XHS_MENU_REGION(): void {
  const u = ui();
  const answer = u.prompt(
    'Region',
    `"global" (default), "cn" (mainland China), or a base URL. Now: ${getRegion()}`,
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
    ui().alert((err as Error).message);
  }
}

function removeTriggers(): number {
  const ours = ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === TRIGGER_HANDLER);
  ours.forEach((t) => ScriptApp.deleteTrigger(t));
  return ours.length;
}

export function XHS_MENU_SCHEDULE_HOURLY(): void {
  removeTriggers();
  ScriptApp.newTrigger(TRIGGER_HANDLER).timeBased().everyHours(1).create();
  ui().alert('The jobs in the "Just One API" sheet will refresh every hour.');
}

export function XHS_MENU_SCHEDULE_DAILY(): void {
  removeTriggers();
  ScriptApp.newTrigger(TRIGGER_HANDLER).timeBased().everyDays(1).atHour(6).create();
  ui().alert(
    'The jobs in the "Just One API" sheet will refresh every day at about 6:00 in the script\'s time zone (Project Settings > Time zone).',
  );
}

export function XHS_MENU_UNSCHEDULE(): void {
  const n = removeTriggers();
  ui().alert(n ? 'Scheduled refresh removed.' : 'There was no scheduled refresh.');
}

export function XHS_MENU_CLEAR_CACHE(): void {
  cacheClear();
  ui().alert(
    'Cache cleared: formulas fetch fresh data on their next recalculation (each fetch is a paid call).',
  );
}

export function XHS_MENU_ABOUT(): void {
  ui().alert(
    'Just One API for Google Sheets',
    [
      'Xiaohongshu (RedNote) data from Just One API.',
      '=XHS_SEARCH_USERS(keyword, [page], [options]) and =XHS_NOTE_FEED([feed_id], [page], [options]); options: "noheader", "raw".',
      'Results are cached for 6 hours, so recalculation does not re-bill.',
      `Token: ${getToken() ? 'set' : 'not set (menu > Set token…)'}. Region: ${getRegion()}.`,
    ].join('\n'),
    ui().ButtonSet.OK,
  );
}

/** Time-driven trigger: refresh without any UI; the outcome is in the config sheet's status column. */
export function XHS_REFRESH_TRIGGER(): void {
  Logger.log(summarize(refreshAll()));
}
