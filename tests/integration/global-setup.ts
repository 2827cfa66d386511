import type { TestProject } from 'vitest/node';
import { startSimServer, type SimServer } from '../../sim/server';
import { startApp } from '../support/app-server';
import { actionsOutsidePolicy } from '../support/read-only-policy';

declare module 'vitest' {
  export interface ProvidedContext {
    simUrl: string;
    appUrl: string;
  }
}

let sim: SimServer | undefined;
let app: { stop: () => Promise<void> } | undefined;

// One simulated account (and one app on it) for the whole integration run.
export async function setup(project: TestProject) {
  sim = await startSimServer({ seed: 42, profile: 'demo' });
  project.provide('simUrl', sim.url);
  const started = await startApp(sim.url);
  app = started;
  project.provide('appUrl', started.url);
}

export async function teardown() {
  // Across the whole integration run: any AWS action outside the published read-only policy fails it.
  if (sim) {
    const r = await fetch(`${sim.url}/__sim/requests?accessKeyId=AKIASIMULATED000000`);
    const { counts } = (await r.json()) as { counts: Record<string, number> };
    const outside = actionsOutsidePolicy(Object.keys(counts));
    if (outside.length > 0) {
      console.error(`sfn-lens called AWS actions outside its published read-only policy: ${outside.join(', ')}`);
      process.exitCode = 1;
    }
  }
  await app?.stop();
  await sim?.close();
}
