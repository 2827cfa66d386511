// Starts the simulated AWS account on loopback.
//   tsx sim/main.ts [--port 4566] [--host 127.0.0.1] [--seed 42] [--profile demo|bench] [--org]
// Each option defaults to its environment variable (SIM_PORT, SIM_HOST, SIM_SEED, SIM_PROFILE, SIM_ORG=1), then
// to the value shown (port 0: any free port). Prints one line `SIM_READY <url>` once it accepts
// requests (scripts/start.mjs waits for it). --org: a simulated organisation, two accounts × two Regions (sim/org.ts).

import { parseArgs } from 'node:util';
import { startSimServer } from './server';

function options() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: process.env.SIM_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.SIM_PORT ?? '0' },
      seed: { type: 'string', default: process.env.SIM_SEED ?? '42' },
      profile: { type: 'string', default: process.env.SIM_PROFILE ?? 'demo' },
      org: { type: 'boolean', default: process.env.SIM_ORG === '1' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (values.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got "${values.port}"`);
  if (values.seed.trim() === '' || !Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  return { host: values.host, port, seed, profile: values.profile, organisation: values.org };
}

async function main() {
  const { host, port, seed, profile, organisation } = options();
  const sim = await startSimServer({ host, port, seed, profile, organisation });
  console.log(`SIM_READY ${sim.url}`);
  console.log(`simulated AWS account (profile ${profile}, seed ${seed}) on ${sim.url}: ${sim.world.account.stateMachines.map((s) => s.name).join(', ')}`);
  for (const m of sim.org?.members.slice(1) ?? []) console.log(`  organisation member ${m.accountId} ${m.region}: ${m.world.account.stateMachines.map((s) => s.name).join(', ')}`);
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
