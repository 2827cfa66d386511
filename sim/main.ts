// Starts the simulated AWS account on loopback.
//   tsx sim/main.ts [--port 4566] [--host 127.0.0.1] [--seed 42] [--profile demo|bench]
// Prints one line `SIM_READY <url>` once it accepts requests (scripts/start.mjs waits for it).

import { startSimServer } from './server';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const host = arg('host', process.env.SIM_HOST ?? '127.0.0.1') ?? '127.0.0.1';
  const port = Number(arg('port', process.env.SIM_PORT ?? '0'));
  const seed = Number(arg('seed', process.env.SIM_SEED ?? '42'));
  const profile = arg('profile', process.env.SIM_PROFILE ?? 'demo') ?? 'demo';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${arg('port')}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${arg('seed')}`);
  const sim = await startSimServer({ host, port, seed, profile });
  console.log(`SIM_READY ${sim.url}`);
  console.log(`simulated AWS account (profile ${profile}, seed ${seed}) on ${sim.url}: ${sim.world.account.stateMachines.map((s) => s.name).join(', ')}`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sim: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
