// Replaced by the build (scripts/build.mjs): SHARED holds the namespace of every module of the formula
// path, handed to the menu bundle so that it uses these very modules (one catalog, one set of error
// classes for `instanceof`) instead of copies; MENU_CODE is the menu bundle, minified, gzipped, base64.
export const SHARED: readonly unknown[] = [];
export const MENU_CODE = '';
