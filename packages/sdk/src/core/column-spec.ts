import { ValidationError } from './errors.js';

/** One column the user asked for: its name in the rows and the field it reads. */
export interface ColumnChoice {
  name: string;
  /** A dot path: a compact column name ("statistics.digg_count"), a curated column or a raw field path. */
  path: string;
}

/** `*` in a columns text: every compact column (all of them, not only the default few). */
export const ALL_COLUMNS = '*';

/**
 * The one parser of the columns syntax every surface shares: comma- or newline-separated entries,
 * each `path` or `name=path` ("likes=statistics.digg_count, author=author.nickname, create_time").
 * `*` stands for every compact column. Throws a ValidationError on a malformed text, before any request.
 */
export function parseColumns(text: string | readonly ColumnChoice[] | undefined): ColumnChoice[] {
  if (text === undefined) return [];
  if (typeof text !== 'string') return text.map((c) => check(c.name, c.path, `${c.name}=${c.path}`));
  const out: ColumnChoice[] = [];
  for (const entry of text.split(/[,\n]/)) {
    const raw = entry.trim();
    if (!raw) continue;
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    const path = (eq < 0 ? raw : raw.slice(eq + 1)).trim();
    out.push(check(name, path, raw));
  }
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.name)) fail(`Column "${c.name}" is named twice.`);
    names.add(c.name);
  }
  return out;
}

function check(name: string, path: string, raw: string): ColumnChoice {
  if (!name || !path)
    fail(`Column "${raw}": write a field path, or name=path (e.g. likes=statistics.digg_count).`);
  if (path !== ALL_COLUMNS && !/^[^\s.=*][^\s=*]*$/.test(path))
    fail(`Column "${raw}": "${path}" is not a dot path (no spaces, e.g. author.nickname).`);
  if (path === ALL_COLUMNS && name !== ALL_COLUMNS) fail(`Column "${raw}": "*" cannot be renamed.`);
  return { name, path };
}

function fail(message: string): never {
  throw new ValidationError(message, 'columns');
}
