// `--sim`: the simulated account (sim/) started in this process on a loopback port, and the AWS SDK
// pointed at it exactly as `npm start` does (scripts/start.mjs): lib/ has no idea it talks to a simulator.

import { startSimServer } from '../sim/server';

export async function startSimulatedAccount(): Promise<() => Promise<void>> {
  const sim = await startSimServer({ host: '127.0.0.1', port: 0, seed: Number(process.env.SIM_SEED ?? 42), profile: process.env.SIM_PROFILE ?? 'demo' });
  // Explicit, never guessed: in sim mode stray credentials and profiles are replaced, not used.
  Object.assign(process.env, {
    SFN_LENS_SOURCE: 'sim',
    AWS_ENDPOINT_URL: sim.url,
    AWS_ACCESS_KEY_ID: 'AKIASIMULATED000000',
    AWS_SECRET_ACCESS_KEY: 'simulated-secret-key',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete process.env[k];
  return () => sim.close();
}
