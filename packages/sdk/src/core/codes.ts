import { CLASSES, CODE_TEXT, ServerError } from './errors.js';

export interface BusinessCode {
  code: number;
  /** A headline: "Rate limit exceeded". */
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
  { code: 0, meaning: 'Success', action: 'Data is returned.', retried: false, errorClass: '' },
  ...Object.entries(CODE_TEXT).map(([code, t]) => ({
    code: Number(code),
    meaning: t.title,
    action: t.advice,
    retried: t.retryable,
    errorClass: CLASSES[Number(code)]?.name ?? ServerError.name,
  })),
];
