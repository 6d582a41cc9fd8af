// The top-level functions of Code.js: Apps Script finds custom functions, menu handlers and
// triggers only as top-level function declarations, each with its JSDoc. One list, so the
// wrappers cannot drift from src/index.ts (the build fails if a name is missing there).
export const PUBLIC_FUNCTIONS = [
  {
    name: 'JUSTONEAPI',
    params: ['operation', '...parameters'],
    doc: [
      'Any Just One API operation as a table, cached 6 hours (recalculating does not re-bill).',
      '@param {string} operation Operation id, e.g. "xiaohongshu.searchUsers" (see menu > Operations reference).',
      '@param {string} parameters Name, value pairs ("keyword", "咖啡", "page", 2) or a 2-column range; "pages", N for N pages without duplicates; "options", "noheader, raw" (and "acknowledge:<name>" for an operation the vendor marks danger); "columns", "likes=statistics.digg_count, desc" (or "*") for compact columns.',
      '@return A table with a header row.',
      '@customfunction',
    ],
  },
  {
    name: 'XHS_SEARCH_USERS',
    params: ['keyword', 'page', 'options'],
    doc: [
      'Xiaohongshu (RedNote) users by keyword, cached 6 hours (recalculating does not re-bill).',
      '@param {string} keyword Search keyword, e.g. "咖啡".',
      '@param {number} [page] Page number, default 1.',
      '@param {string} [options] "noheader" to drop the header row, "raw" for every API field.',
      '@return Users: id, name, red_id, description, …, followers.',
      '@customfunction',
    ],
  },
  {
    name: 'XHS_NOTE_FEED',
    params: ['feed_id', 'page', 'options'],
    doc: [
      'Notes of a Xiaohongshu (RedNote) feed, cached 6 hours (recalculating does not re-bill).',
      '@param {string} [feed_id] One of 41 feed ids, e.g. "homefeed_food_v3" (or "food", "美食"); default "homefeed_recommend".',
      '@param {number} [page] Page number, default 1.',
      '@param {string} [options] "noheader" to drop the header row, "raw" for every API field.',
      '@return Notes: id, title, type, likes, author_…, published_at, note_url ….',
      '@customfunction',
    ],
  },
  { name: 'onOpen', params: ['e'], doc: ['Adds the "Just One API" menu when the spreadsheet opens.'] },
  {
    name: 'XHS_MENU_SET_TOKEN',
    params: [],
    doc: ['Menu: asks for the token and stores it in user properties.'],
  },
  {
    name: 'XHS_MENU_REMOVE_TOKEN',
    params: [],
    doc: ['Menu: removes the token saved in your user properties.'],
  },
  { name: 'XHS_MENU_REGION', params: [], doc: ['Menu: sets the region (global, cn) or a custom base URL.'] },
  { name: 'XHS_MENU_REFRESH', params: [], doc: ['Menu: runs every job of the "Just One API" sheet now.'] },
  { name: 'XHS_MENU_SCHEDULE_HOURLY', params: [], doc: ['Menu: refreshes the jobs every hour.'] },
  { name: 'XHS_MENU_SCHEDULE_DAILY', params: [], doc: ['Menu: refreshes the jobs every day.'] },
  { name: 'XHS_MENU_UNSCHEDULE', params: [], doc: ['Menu: removes the scheduled refresh.'] },
  {
    name: 'XHS_MENU_OPERATIONS',
    params: [],
    doc: [
      'Menu: writes the "Just One API operations" reference sheet (every operation, its parameters and values).',
    ],
  },
  {
    name: 'XHS_MENU_MARK_TARGET',
    params: [],
    doc: [
      'Menu: lets refresh jobs overwrite the active sheet (refresh writes only into sheets it created or you marked).',
    ],
  },
  {
    name: 'XHS_MENU_ESTIMATE',
    params: [],
    doc: ['Menu: the most requests the next refresh can make; sends nothing.'],
  },
  { name: 'XHS_MENU_CAPS', params: [], doc: ['Menu: sets the request caps per refresh and per day.'] },
  { name: 'XHS_MENU_CLEAR_CACHE', params: [], doc: ['Menu: forgets cached formula results.'] },
  { name: 'XHS_MENU_ABOUT', params: [], doc: ['Menu: what this is and whether a token is set.'] },
  {
    name: 'XHS_REFRESH_TRIGGER',
    params: [],
    doc: ['Time-driven trigger: refreshes the jobs without any UI.'],
  },
  {
    name: 'XHS_CONTINUE_TRIGGER',
    params: [],
    doc: ['Trigger: continues a refresh stopped at the time limit.'],
  },
];
