// A real PostgreSQL for the tests (Debian's postgresql package; scripts/test-all.sh and .ci/run install it):
// initdb into a temporary directory, listening on a free loopback port with its socket in that directory,
// stopped and removed after. PostgreSQL refuses to run as root, so under root it runs as the `postgres`
// user the Debian package creates.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

export const POSTGRES_MISSING =
  'PostgreSQL is not installed: apt-get install -y --no-install-recommends postgresql (scripts/test-all.sh and .ci/run do it when run as root).';

const USER = 'sfnlens';

/** The newest PostgreSQL's binaries in Debian's layout, or null. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')) && existsSync(path.join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : null;
}

export interface StartedPostgres {
  port: number;
  /** A new, empty database; its connection URL. */
  createDatabase: (name: string) => Promise<string>;
  /** Runs one statement on `database` (the tests' look into what the app stored). */
  query: <R extends pg.QueryResultRow>(database: string, sql: string, params?: unknown[]) => Promise<pg.QueryResult<R>>;
  stop: () => Promise<void>;
}

function urlOf(port: number, database: string): string {
  return `postgres://${USER}@127.0.0.1:${port}/${database}`;
}

export async function startPostgres(): Promise<StartedPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) throw new Error(`Running as root needs the postgres user: ${POSTGRES_MISSING}`);
  // Under root, each PostgreSQL binary runs as the postgres user (runuser keeps the environment).
  const command = (exe: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, exe), ...args]] : [path.join(bin, exe), args]);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfn-lens-postgres-'));
  const data = path.join(dir, 'data');
  if (asRoot) {
    spawnSync('chown', ['postgres', dir]);
    chmodSync(dir, 0o700);
  }
  const [initExe, initArgs] = command('initdb', ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const init = spawnSync(initExe, initArgs, { encoding: 'utf8', cwd: dir });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
  }

  const port = await freePort();
  const [exe, args] = command('postgres', ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=60']);
  const child: ChildProcess = spawn(exe, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s:\n${output}`)), 60_000);
    const onData = (c: Buffer) => {
      output += c.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited (${code}) before it was ready:\n${output}`));
    });
  });

  async function query<R extends pg.QueryResultRow>(database: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    const client = new pg.Client({ connectionString: urlOf(port, database) });
    await client.connect();
    try {
      return await client.query<R>(sql, params);
    } finally {
      await client.end();
    }
  }

  return {
    port,
    query,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await query('postgres', `CREATE DATABASE ${name}`);
      return urlOf(port, name);
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const [ctlExe, ctlArgs] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s']);
        spawnSync(ctlExe, ctlArgs, { cwd: dir });
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
