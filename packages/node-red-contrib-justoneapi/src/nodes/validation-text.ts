import type { Translate } from './i18n.js';

/** The fields of the core's ValidationError.reason this host words (see @justoneapi/sdk ValidationReason). */
interface Reason {
  kind: string;
  value?: unknown;
  limit?: number;
  valid?: string[];
  guess?: string;
  /** For 'danger-unacknowledged': the vendor's warning. */
  highlight?: { text: string };
}

const SHOWN = 8;

/**
 * The detail of a validation error in the host's language, from the core's structured fields (param,
 * reason), or undefined when the error has none (the caller then shows the core's English message).
 */
export function validationDetail(err: unknown, t: Translate): string | undefined {
  const e = err as { param?: string; reason?: Reason } | undefined;
  const r = e?.reason;
  if (r?.kind === 'danger-unacknowledged' && r.highlight)
    return t('errors.reason.danger-unacknowledged', { text: r.highlight.text });
  if (!r || !e?.param) return undefined;
  const valid = r.valid ?? [];
  const list =
    valid.length > SHOWN
      ? `${valid.slice(0, SHOWN).join(', ')} ${t('errors.reason.more', { n: valid.length })}`
      : valid.join(', ');
  const key = r.kind === 'enum' && r.guess ? 'enumGuess' : r.kind;
  const text = t(`errors.reason.${key}`, {
    param: e.param,
    value: r.value === undefined ? '' : String(r.value),
    limit: r.limit ?? '',
    valid: list,
    guess: r.guess ?? '',
  });
  return text === `errors.reason.${key}` ? undefined : text;
}
