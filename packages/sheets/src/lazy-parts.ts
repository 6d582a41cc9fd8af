// Replaced by the build (scripts/build.mjs): SHARED holds, per module of the formula path, the exports
// the menu bundle uses, handed to it so that it uses these very functions and classes (one catalog and
// its decoded platforms, one set of error classes for `instanceof`) instead of copies; MENU_CODE is the
// menu bundle, minified and packed (scripts/pack.mjs).
export const SHARED: readonly unknown[] = [];
export const MENU_CODE = '';
