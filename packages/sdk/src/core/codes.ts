import { CLASSES, CODE_TEXT, ServerError } from './errors.js';

export interface BusinessCode {
  code: number;
  /** A few words: "rate limit exceeded". */
  meaning: string;
  /** What the user should do. */
  action: string;
  /** Whether the SDK (and every host) retries it. */
  retried: boolean;
  /** The error class thrown for it. */
  errorClass: string;
}

/** What each documented code means and what every surface does with it, from the one table in errors.ts. */
export const BUSINESS_CODES: readonly BusinessCode[] = [
  { code: 0, meaning: 'success', action: 'Data is returned.', retried: false, errorClass: '' },
  ...Object.entries(CODE_TEXT).map(([code, [text, retried]]) => {
    const stop = text.indexOf('. ');
    return {
      code: Number(code),
      meaning: text.slice(0, stop),
      action: `${text.slice(stop + 2)}.`,
      retried,
      errorClass: CLASSES[Number(code)]?.name ?? ServerError.name,
    };
  }),
];
