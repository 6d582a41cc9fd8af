// What a formula evaluates: the custom functions and what they call (the catalog, validation, the
// request, the cache, error texts). Everything only the menu, the triggers and the jobs sheet need is
// in src/menu-index.ts, built into a separate bundle that Code.js carries packed and evaluates only
// when a menu item, onOpen or a trigger runs (src/lazy.ts; scripts/build.mjs).
// The build wraps each public function (scripts/public-functions.mjs) in a top-level declaration.
export { JUSTONEAPI, XHS_SEARCH_USERS, XHS_NOTE_FEED } from './custom-functions';
export { menu } from './lazy';
