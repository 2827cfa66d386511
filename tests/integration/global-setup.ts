import type { TestProject } from 'vitest/node';
import { startSimServer, type SimServer } from '../../sim/server';
import { startApp } from '../support/app-server';

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
  await app?.stop();
  await sim?.close();
}
