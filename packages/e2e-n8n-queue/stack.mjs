// n8n in queue mode on one machine, for the e2e and the bench: a throwaway PostgreSQL and Redis on free
// local ports, the packed n8n-nodes-justoneapi installed where n8n's community-package installer puts it,
// an n8n main (`n8n start`, EXECUTIONS_MODE=queue) and `n8n worker` processes, all on Node 24 with the
// n8n install the n8n package's e2e keeps in the shared .cache (e2e/hosts.mjs: imported, not copied).
// Every process is started in its own process group and stopped (group and all) by stop().
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { installN8n } from 'n8n-nodes-justoneapi/e2e/hosts.mjs';

export const N8N = { version: '2.40.7', node: 24 };
const require = createRequire(import.meta.url);
const nodePkgDir = dirname(require.resolve('n8n-nodes-justoneapi/package.json'));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = process.getuid?.() === 0;

export function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function pgBinDir() {
  const initdb = which('initdb');
  if (initdb) return dirname(realpathSync(initdb));
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

/** Redis and PostgreSQL from Debian's packages when missing (CI runs as root). Returns what it installed and how long it took. */
export function ensureSystemPackages(log = console.log) {
  const missing = [];
  if (!which('redis-server') || !which('redis-cli')) missing.push('redis-server'); // redis-cli comes with it
  if (!pgBinDir()) missing.push('postgresql');
  if (!missing.length) return { installed: [], ms: 0 };
  if (!isRoot || !which('apt-get'))
    throw new Error(
      `missing ${missing.join(' and ')}: install them (Debian: apt-get install -y ${missing.join(' ')})`,
    );
  const t = Date.now();
  log(`installing ${missing.join(', ')} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  const ms = Date.now() - t;
  log(`installed ${missing.join(', ')} in ${(ms / 1000).toFixed(1)} s`);
  return { installed: missing, ms };
}

/**
 * Packs n8n-nodes-justoneapi and installs the tarball into <userFolder>/.n8n/nodes the way n8n 2.40's
 * CommunityPackagesService.downloadPackage does after its `npm pack`: unpack into node_modules/<name>,
 * drop dev/peer/optional dependencies from its package.json, `npm install` there with scripts off, and
 * record the dependency in the nodes folder's package.json.
 */
export function installPackedNode(userFolder, host) {
  const scratch = mkdtempSync(join(tmpdir(), 'jo-queue-pack-'));
  try {
    // pnpm is on PATH under `pnpm exec turbo` (npm run test:e2e); run by hand, npx fetches it.
    const pnpm = which('pnpm') ? ['pnpm'] : ['npx', '-y', 'pnpm@10.34.9'];
    execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', scratch], {
      cwd: nodePkgDir,
      stdio: 'pipe',
    });
    const tgz = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    const nodesDir = join(userFolder, '.n8n', 'nodes');
    const packageDir = join(nodesDir, 'node_modules', 'n8n-nodes-justoneapi');
    mkdirSync(packageDir, { recursive: true });
    execFileSync('tar', ['-xzf', join(scratch, tgz), '-C', packageDir, '--strip-components=1']);
    const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
      readFileSync(join(packageDir, 'package.json'), 'utf8'),
    );
    writeFileSync(join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
    execFileSync(
      'npm',
      [
        'install',
        '--audit=false',
        '--fund=false',
        '--bin-links=false',
        '--install-strategy=shallow',
        '--ignore-scripts=true',
        '--package-lock=false',
        '--loglevel=error',
      ],
      {
        cwd: packageDir,
        stdio: 'pipe',
        env: { ...process.env, PATH: `${dirname(host.node)}:${process.env.PATH}` },
      },
    );
    writeFileSync(
      join(nodesDir, 'package.json'),
      JSON.stringify({
        name: 'installed-nodes',
        private: true,
        dependencies: { [manifest.name]: manifest.version },
      }),
    );
    return manifest.version;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Everything the stack starts, each in its own process group, with its output in <dir>/logs/<name>.log. */
class Processes {
  constructor(logDir) {
    this.logDir = logDir;
    this.list = [];
  }

  start(name, cmd, args, opts = {}) {
    const file = join(this.logDir, `${name}.log`);
    const out = createWriteStream(file, { flags: 'a' });
    const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    let text = '';
    const keep = (d) => {
      text += d;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const closed = new Promise((r) => child.on('close', r));
    const proc = {
      name,
      child,
      file,
      pgid: child.pid,
      output: () => text,
      exited: () => child.exitCode !== null || child.signalCode !== null,
      closed,
      out,
    };
    child.on('error', (e) => {
      text += `\nspawn error: ${e.message}`;
    });
    this.list.push(proc);
    return proc;
  }

  /** Stops one process group: `signal`, then SIGKILL after `graceMs`; resolves when the group is gone. */
  async stop(proc, signal = 'SIGTERM', graceMs = 15_000) {
    const alive = () => {
      try {
        process.kill(-proc.pgid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!proc.exited()) {
      try {
        process.kill(proc.child.pid, signal);
      } catch {}
      const deadline = Date.now() + graceMs;
      while (!proc.exited() && Date.now() < deadline) await pause(100);
    }
    // Whatever the process left behind in its group (n8n's task runners) goes too.
    if (alive()) {
      try {
        process.kill(-proc.pgid, 'SIGKILL');
      } catch {}
    }
    for (let i = 0; i < 50 && alive(); i++) await pause(100);
    await Promise.race([proc.closed, pause(2000)]);
    proc.out.end();
    return !alive();
  }

  /** Every group still running, by name (none after stopAll). */
  survivors() {
    return this.list
      .filter((p) => {
        try {
          process.kill(-p.pgid, 0);
          return true;
        } catch {
          return false;
        }
      })
      .map((p) => p.name);
  }
}

async function until(what, check, ms, proc) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (proc?.exited())
      throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output().slice(-2000)}`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready in ${ms / 1000} s${proc ? `\n${proc.output().slice(-2000)}` : ''}`);
    await pause(300);
  }
}

/** Stacks still running: stopped if this process is interrupted (their process groups would outlive it). */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.once(signal, async () => {
    console.log(`${signal}: stopping every process the stack started`);
    await Promise.all([...running].map((s) => s.stop()));
    process.exit(130);
  });

/**
 * Starts PostgreSQL, Redis and an n8n main in queue mode (workers come with startWorker()), with the
 * credential and workflows imported and published. `stop()` ends every process, even after a failure.
 */
export async function startStack({ credentials, workflows, log = console.log }) {
  const timings = {};
  const t0 = Date.now();
  timings.systemPackages = ensureSystemPackages(log);
  let t = Date.now();
  const host = installN8n(N8N);
  timings.n8nInstallMs = Date.now() - t;
  const dir = mkdtempSync(join(tmpdir(), 'jo-n8n-queue-'));
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const procs = new Processes(logDir);
  const stack = { dir, logDir, host, procs, timings, workers: [] };
  let stopping;
  running.add(stack);
  // One shutdown, however many callers (the run's finally block, a signal): each waits for all of it.
  stack.stop = () => {
    stopping ??= (async () => {
      // n8n first (it holds connections to both), then the monitor, Redis and Postgres (SIGINT: fast shutdown).
      const order = [...procs.list].sort((a, b) => rank(a) - rank(b));
      for (const p of order) await procs.stop(p, p.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
      stack.survivors = procs.survivors();
      running.delete(stack);
    })();
    return stopping;
  };
  const rank = (p) => (p.name.startsWith('n8n') ? 0 : p.name === 'redis-monitor' ? 1 : 2);

  try {
    // PostgreSQL refuses to run as root: as root, its data folder and process belong to the postgres user.
    t = Date.now();
    const pgBin = pgBinDir();
    const pgUser = isRoot ? userIds('postgres') : undefined;
    const pgData = join(dir, 'pg');
    mkdirSync(pgData, { mode: 0o700 });
    const pgSock = join(dir, 'pgsock');
    mkdirSync(pgSock);
    if (pgUser) {
      chownSync(dir, pgUser.uid, pgUser.gid);
      chownSync(pgData, pgUser.uid, pgUser.gid);
      chownSync(pgSock, pgUser.uid, pgUser.gid);
      chownSync(logDir, pgUser.uid, pgUser.gid);
    }
    const asPg = pgUser ? { uid: pgUser.uid, gid: pgUser.gid } : {};
    execFileSync(
      join(pgBin, 'initdb'),
      ['-D', pgData, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { stdio: 'pipe', ...asPg, cwd: dir },
    );
    const pgPort = await freePort();
    const pg = procs.start(
      'postgres',
      join(pgBin, 'postgres'),
      [
        '-D',
        pgData,
        '-p',
        String(pgPort),
        '-k',
        pgSock,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      { ...asPg, cwd: dir },
    );
    const psql = (sql, db = 'n8n') =>
      execFileSync(
        join(pgBin, 'psql'),
        ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'n8n', '-d', db, '-AtX', '-c', sql],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    await until(
      'PostgreSQL',
      () => spawnSync(join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort)]).status === 0,
      60_000,
      pg,
    );
    psql('CREATE DATABASE n8n', 'postgres');
    stack.pg = {
      port: pgPort,
      psql,
      dump: () =>
        execFileSync(
          join(pgBin, 'pg_dump'),
          ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'n8n', '-d', 'n8n'],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 30,
          },
        ),
    };
    timings.postgresMs = Date.now() - t;

    t = Date.now();
    const redisPort = await freePort();
    const redis = procs.start(
      'redis',
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { cwd: dir },
    );
    const redisCli = (...args) =>
      execFileSync('redis-cli', ['-p', String(redisPort), '--no-raw', ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
    await until(
      'Redis',
      () =>
        spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout?.trim() ===
        'PONG',
      30_000,
      redis,
    );
    // Every command n8n sends to Redis (job data, pub/sub messages) is recorded here, for the token scan.
    procs.start('redis-monitor', 'redis-cli', ['-p', String(redisPort), 'monitor']);
    stack.redis = { port: redisPort, cli: redisCli, dump: () => dumpRedis(redisCli) };
    timings.redisMs = Date.now() - t;

    t = Date.now();
    const userFolder = join(dir, 'n8n');
    mkdirSync(userFolder);
    stack.nodeVersion = installPackedNode(userFolder, host);
    timings.installNodeMs = Date.now() - t;

    const env = {
      ...process.env,
      PATH: `${dirname(host.node)}:${process.env.PATH}`,
      N8N_USER_FOLDER: userFolder,
      N8N_ENCRYPTION_KEY: 'e2e-queue-encryption-key',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(pgPort),
      DB_POSTGRESDB_DATABASE: 'n8n',
      DB_POSTGRESDB_USER: 'n8n',
      DB_POSTGRESDB_PASSWORD: '',
      // JSON log lines carry each message's metadata (worker ids, execution ids).
      N8N_LOG_FORMAT: 'json',
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: String(redisPort),
    };
    stack.env = env;
    const cli = async (args) => {
      const name = `n8n-cli-${args[0].replace(/[^a-z]/g, '-')}`;
      const p = procs.start(name, host.node, [host.n8n, ...args], {
        env: {
          ...env,
          N8N_RUNNERS_BROKER_PORT: String(await freePort()),
          N8N_PORT: String(await freePort()),
        },
      });
      await p.closed;
      if (p.child.exitCode !== 0)
        throw new Error(`n8n ${args.join(' ')} failed (${p.child.exitCode}):\n${p.output().slice(-3000)}`);
      return p.output();
    };

    t = Date.now();
    const files = join(dir, 'import');
    mkdirSync(join(files, 'workflows'), { recursive: true });
    writeFileSync(join(files, 'credentials.json'), JSON.stringify(credentials));
    for (const wf of workflows) writeFileSync(join(files, 'workflows', `${wf.id}.json`), JSON.stringify(wf));
    await cli(['import:credentials', `--input=${join(files, 'credentials.json')}`]);
    await cli(['import:workflow', '--separate', `--input=${join(files, 'workflows')}`]);
    rmSync(join(files, 'credentials.json')); // the plain token goes; n8n keeps it encrypted
    for (const wf of workflows) await cli(['publish:workflow', `--id=${wf.id}`]);
    timings.importMs = Date.now() - t;

    t = Date.now();
    const mainPort = await freePort();
    const main = procs.start('n8n-main', host.node, [host.n8n, 'start'], {
      env: { ...env, N8N_PORT: String(mainPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
    });
    const base = `http://127.0.0.1:${mainPort}`;
    stack.main = main;
    stack.webhookUrl = (path) => `${base}/webhook/${path}`;
    // A GET to a POST webhook answers "…Did you mean to make a POST request?" once the workflow is active.
    for (const wf of workflows) {
      const path = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')?.parameters.path;
      if (!path) continue;
      await until(
        `n8n main with the ${wf.id} webhook`,
        async () => {
          const r = await fetch(stack.webhookUrl(path)).catch(() => undefined);
          return r?.status === 404 && /POST request/.test(await r.text());
        },
        180_000,
        main,
      );
    }
    timings.mainStartMs = Date.now() - t;

    stack.startWorker = async (concurrency) => {
      const n = stack.workers.length + 1;
      const w = procs.start(
        `n8n-worker-${n}`,
        host.node,
        [host.n8n, 'worker', `--concurrency=${concurrency}`],
        {
          env: {
            ...env,
            N8N_PORT: String(await freePort()),
            QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
            N8N_RUNNERS_BROKER_PORT: String(await freePort()),
          },
        },
      );
      const ts = Date.now();
      await until(`n8n worker ${n}`, () => /worker is now ready/i.test(w.output()), 180_000, w);
      timings[`worker${n}StartMs`] = Date.now() - ts;
      stack.workers.push(w);
      return w;
    };
    timings.stackMs = Date.now() - t0;
    return stack;
  } catch (e) {
    await stack.stop();
    e.message += `\n(logs in ${logDir})`;
    throw e;
  }
}

function userIds(name) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (line) {
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  }
  return { uid: 65534, gid: 65534 }; // nobody
}

/** Every key in Redis with its value, whatever its type, as text. */
function dumpRedis(cli) {
  const keys = cli('--scan').split('\n').filter(Boolean);
  const read = {
    string: (k) => cli('GET', k),
    hash: (k) => cli('HGETALL', k),
    list: (k) => cli('LRANGE', k, '0', '-1'),
    set: (k) => cli('SMEMBERS', k),
    zset: (k) => cli('ZRANGE', k, '0', '-1', 'WITHSCORES'),
    stream: (k) => cli('XRANGE', k, '-', '+'),
  };
  return keys
    .map((k) => {
      const type = cli('TYPE', k).trim();
      return `${k} (${type})\n${read[type]?.(k) ?? ''}`;
    })
    .join('\n');
}

/**
 * Every process on the machine whose command line or environment mentions the stack's folder: Postgres
 * and its backends, Redis, n8n and whatever n8n spawned (task runners), wherever they are.
 */
export function processesUsing(dir) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes(dir) || env.includes(dir)) found.push(`${pid} ${cmd.slice(0, 80)}`);
    } catch {} // gone meanwhile, or not readable
  }
  return found;
}

/** Every log the stack wrote (n8n main, workers, CLI runs, Postgres, Redis, the Redis monitor). */
export function allLogs(stack) {
  return readdirSync(stack.logDir).map((f) => ({
    file: f,
    text: readFileSync(join(stack.logDir, f), 'utf8'),
  }));
}

/** Every file under the n8n user folder (config, installed package, anything n8n wrote), as text. */
export function userFolderText(stack) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push({ file: p, text: readFileSync(p, 'latin1') });
    }
  };
  walk(join(stack.dir, 'n8n'));
  return out;
}
