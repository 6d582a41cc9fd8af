import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValidationError } from './core/errors.js';
import {
  addSeen,
  isState,
  pruneSeen,
  type SeenLimits,
  type SeenState,
  type SeenStore,
  seenIds,
} from './core/seen.js';

/**
 * A SeenStore in a JSON file (Node): `items({ onlyNew: new FileSeenStore('seen.json') })`. Read on every
 * `get`, merged and written atomically (a temporary file renamed over it) on every `add`, so a crash
 * never leaves half a file, and runs one after another (a cron job, the CLI's --state) share it.
 * Bounded per key by `maxIds` (default 10,000) and `maxAgeMs` (default 30 days).
 */
export class FileSeenStore implements SeenStore {
  readonly path: string;
  readonly limits: SeenLimits;
  constructor(path: string, limits: SeenLimits = {}) {
    if (typeof path !== 'string' || !path.trim())
      throw new ValidationError('FileSeenStore needs the path of its JSON file.', 'path');
    this.path = path;
    this.limits = limits;
  }

  /** The whole state (expired ids dropped); {} when the file does not exist yet. */
  async load(): Promise<SeenState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    let state: unknown;
    try {
      state = JSON.parse(text);
    } catch {
      state = undefined;
    }
    // Starting afresh would emit every old item again: better to stop and say so.
    if (!isState(state))
      throw new ValidationError(
        `${this.path} is not a seen-items state file (JSON of key → id → time); delete it to start afresh, or pass another path.`,
        'path',
      );
    return pruneSeen(state, this.limits);
  }

  async get(key: string): Promise<string[]> {
    return seenIds(await this.load(), key, this.limits);
  }

  async add(key: string, ids: readonly string[]): Promise<void> {
    const state = addSeen(await this.load(), key, ids, this.limits);
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify(state)}\n`);
      await rename(tmp, this.path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
}
