// Replaced by the build (scripts/build.mjs) with a hash of Code.js: formula results cached by one build
// are not served by another, whose tables may differ.
export const BUILD_ID = '__JOA_BUILD_ID__';
