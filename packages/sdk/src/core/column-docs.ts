import { RECORD_COLUMN_DOCS } from '../generated/records.js';

export { RECORD_COLUMN_DOCS };
// What each record column means: for help texts and docs, kept out of the client bundle.
export const USER_COLUMN_DESCRIPTIONS: Readonly<Record<string, string>> = RECORD_COLUMN_DOCS.user ?? {};
export const NOTE_COLUMN_DESCRIPTIONS: Readonly<Record<string, string>> = RECORD_COLUMN_DOCS.note ?? {};
