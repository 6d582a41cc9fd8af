// Everything Apps Script calls by name besides the custom functions: the menu, onOpen and the
// triggers. Built into its own bundle, packed into Code.js and evaluated only when one of them runs
// (src/lazy.ts); the modules it shares with the formula path come from that path, not a copy of them.
export { XHS_MENU_OPERATIONS } from './reference';
export {
  onOpen,
  XHS_MENU_SET_TOKEN,
  XHS_MENU_REMOVE_TOKEN,
  XHS_MENU_REGION,
  XHS_MENU_REFRESH,
  XHS_MENU_ESTIMATE,
  XHS_MENU_CAPS,
  XHS_MENU_SCHEDULE_HOURLY,
  XHS_MENU_SCHEDULE_DAILY,
  XHS_MENU_UNSCHEDULE,
  XHS_MENU_MARK_TARGET,
  XHS_MENU_CLEAR_CACHE,
  XHS_MENU_ABOUT,
  XHS_REFRESH_TRIGGER,
  XHS_CONTINUE_TRIGGER,
} from './menu';
// Not public functions: the run of a formula whose table is not cached (custom-functions.ts).
export * as formula from './formula-run';
// Not a public function: the rows code a formula with "columns" loads from this bundle (custom-functions.ts).
export * as rows from './rows-table';
