import type { NodeRedApi } from './red-types.js';
// The English catalog, bundled: used where a host returns the key untranslated (a test helper, a
// catalog that failed to load), so a user never sees a bare key.
import en from '../locales/en-US/messages.json';

/** The namespace of the shared catalog (the config node's set), usable from every node set. */
/** The package's name, set by the build (package.json), so the namespace follows a rename. */
declare const __PACKAGE_NAME__: string;
export const NS = `${__PACKAGE_NAME__}/justoneapi-config`;

export type Translate = (key: string, subs?: Record<string, string | number>) => string;

function lookup(key: string): string | undefined {
  let v: unknown = en;
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  return typeof v === 'string' ? v : undefined;
}

export function translator(RED: NodeRedApi): Translate {
  return (key, subs = {}) => {
    const full = `${NS}:${key}`;
    let text: string | undefined;
    try {
      text = RED._(full, subs);
    } catch {
      text = undefined;
    }
    if (!text || text === full || text === key) {
      text = (lookup(key) ?? key).replace(/__(\w+)__/g, (_, k: string) => String(subs[k] ?? ''));
    }
    return text;
  };
}

/** True when the key exists in the catalog (for optional per-code texts). */
export const hasKey = (key: string) => lookup(key) !== undefined;
