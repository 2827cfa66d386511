import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClients, setClientsForTests } from '@/lib/aws/clients';
import { checkRolePermissions } from '@/lib/aws/iam';
import { describeStateMachine } from '@/lib/aws/step-functions';
import { DOCUMENTED_ROLE_ACTIONS } from '@/lib/domain/logging-facts';
import { healthOf, readHealthInputs } from '@/lib/server/health';
import { ReadLog } from '@/lib/server/reads';
import { startSimServer, type SimServer } from '@/sim/server';

// sfn-lens's IAM reads against the simulated account in-process (docs/aws-behaviour.md §11.6, §11.10).

const ROLE = 'arn:aws:iam::123456789012:role/service-role/ledger-standard-kms-role';
const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:ledger-standard-kms';
let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ seed: 42, profile: 'demo' });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  setClientsForTests(null);
  vi.unstubAllEnvs();
});

/** sfn-lens's clients for `region`, pointed at the simulated account as AWS_ENDPOINT_URL does. */
function useRegion(region: string): void {
  vi.stubEnv('AWS_ENDPOINT_URL', sim.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIASIMULATED000000');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'simulated-secret-key');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  setClientsForTests(createClients({ region, maxAttempts: 1, requestTimeoutMs: 5_000 }));
}

describe('a Region-locked execution role in the simulated account', () => {
  it('reads as allowing the 10 documented actions once sfn-lens gives its Region, and no health finding calls an action missing', async () => {
    useRegion('us-east-1');
    const out = await checkRolePermissions(ROLE, [...DOCUMENTED_ROLE_ACTIONS], { region: 'us-east-1' });
    expect(out.results.map((r) => r.decision)).toEqual(Array(10).fill('allowed'));
    const sm = await describeStateMachine(SM);
    const reads = new ReadLog();
    const inputs = await readHealthInputs(sm, reads);
    const now = Date.now();
    const health = healthOf(sm, inputs, { eventsArriving: null, executionsStarted: null, window: { from: now - 3_600_000, to: now }, now, reads });
    expect(health.missingRoleActions).toEqual([]);
    expect(health.findings.map((f) => f.id)).not.toContain('role-missing-actions');
    expect(health.findings.map((f) => f.id)).toContain('definition-unreadable');
  });
});

describe('a token signed for another partition’s Region (docs/aws-behaviour.md §11.10)', () => {
  it('is refused by IAM as SignatureDoesNotMatch and reported as refused credentials, never as a permission to grant', async () => {
    useRegion('us-gov-west-1');
    await expect(checkRolePermissions(ROLE, ['logs:PutLogEvents'], { region: 'us-gov-west-1' })).rejects.toMatchObject({
      kind: 'credentials',
      awsName: 'SignatureDoesNotMatch',
      action: 'iam:SimulatePrincipalPolicy',
    });
    // The health of a state machine read that way: the role is unread, for a reason that is not the role's.
    useRegion('us-east-1');
    const sm = await describeStateMachine(SM);
    useRegion('us-gov-west-1');
    const reads = new ReadLog();
    const inputs = await readHealthInputs(sm, reads);
    const now = Date.now();
    const health = healthOf(sm, inputs, { eventsArriving: null, executionsStarted: null, window: { from: now - 3_600_000, to: now }, now, reads });
    expect(health.missingRoleActions).toBeNull();
    const f = health.findings.find((x) => x.id === 'role-unreadable');
    expect(f?.description).toContain("AWS did not accept sfn-lens's credentials for iam (iam:SimulatePrincipalPolicy: SignatureDoesNotMatch)");
    expect(f?.description).not.toMatch(/grant/);
  });
});
