import { countProblem } from '@justoneapi/sdk/core';

/** Bad command-line usage: exit 2, nothing sent. */
export class UsageError extends Error {}

/** The CLI's own options. Everything else given as `--name` is an operation parameter. */
export const VALUE_OPTIONS = [
  'pages',
  'max-items',
  'format',
  'output',
  'token',
  'region',
  'api-region',
  'base-url',
  'timeout',
  'retries',
  'max-requests',
  'state',
  'item-id',
  'id-field',
  'acknowledge',
  'columns',
] as const;
export const FLAG_OPTIONS = [
  'help',
  'raw',
  'all',
  'progress',
  'no-progress',
  'version',
  'dry-run',
  'only-new',
  'stop-at-seen',
  'meta',
] as const;

export interface RawOption {
  /** As typed, without the dashes: "keyword", "max-items", "lastCursor". */
  name: string;
  /** `true` for a bare flag (`--help`, or a boolean parameter given without a value). */
  value: string | true;
}

export interface ParsedArgs {
  positionals: string[];
  options: RawOption[];
}

const SHORT: Record<string, string> = { h: 'help', o: 'output' };

/**
 * Splits argv into positionals and options without knowing the operation yet: `--name value`,
 * `--name=value`, `-h`, `-o csv`, and `--` (everything after it is positional). An option not known
 * to take no value takes the next argument, unless that looks like another option (then it is a bare
 * flag, which only a boolean parameter accepts). A value starting with "-" needs `--name=-value`.
 */
export function parseArgv(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: RawOption[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const long = /^--([^=]+)(?:=([\s\S]*))?$/.exec(arg);
    const short = /^-([a-zA-Z])$/.exec(arg);
    if (!long && !short) {
      positionals.push(arg);
      continue;
    }
    const name = long ? long[1]! : SHORT[short![1]!];
    if (!name) throw new UsageError(`Unknown option "${arg}".`);
    if (long && long[2] !== undefined) {
      options.push({ name, value: long[2] });
      continue;
    }
    if ((FLAG_OPTIONS as readonly string[]).includes(name)) {
      options.push({ name, value: true });
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) {
      options.push({ name, value: true });
    } else {
      options.push({ name, value: next });
      i++;
    }
  }
  return { positionals, options };
}

/** "searchUserV2" -> "search-user-v2", "douyinXingtu" -> "douyin-xingtu", "last_buffer" -> "last-buffer". */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** The form names are compared in: case, dashes and underscores ignored. */
export function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]+/g, '');
}

/** A whole number >= min from an option value, by the core's one rule (countProblem), in the CLI's words. */
export function wholeNumber(name: string, v: string | true | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  if (v === true || countProblem(v, { min }))
    throw new UsageError(
      `--${name} must be a whole number >= ${min}, got ${v === true ? 'nothing' : `"${v}"`}.`,
    );
  return Number(v.trim());
}
