import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, fetchJson } from '@/lib/query/fetch-json';

function answer(status: number, body: string) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } })));
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

const SM = { arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:a', name: 'a', type: 'STANDARD', roleArn: 'r', logging: { level: 'ALL', includeExecutionData: false, logGroupArn: null } };

afterEach(() => vi.unstubAllGlobals());

describe('answers of the JSON API, checked before a view reads them', () => {
  it('returns an answer of the expected shape whole, fields the schema does not name included', async () => {
    answer(201, JSON.stringify({ id: 'x', url: '/d/x', takenAt: '2024-05-01T00:00:00.000Z', expiresAt: '2024-05-08T00:00:00.000Z', extra: 1 }));
    await expect(fetchJson('/api/snapshots', (s) => s.createdSnapshotSchema)).resolves.toEqual({ id: 'x', url: '/d/x', takenAt: '2024-05-01T00:00:00.000Z', expiresAt: '2024-05-08T00:00:00.000Z', extra: 1 });
  });

  it('names what is wrong in an answer of another shape, instead of letting a view crash on it', async () => {
    answer(200, JSON.stringify({ generatedAt: '2024-05-01T00:00:00.000Z', window: { from: 'a', to: 'b' }, stateMachines: [{ stateMachine: SM, state: 'ready', summary: null }], unread: [] }));
    const e = await failure(fetchJson('/api/overview?from=now-1h', (s) => s.overviewSchema));
    expect(e.code).toBe('unexpected-response');
    expect(e.message).toMatch(/^The server's answer to \/api\/overview is not what this page reads: stateMachines\.0\.summary: expected object/);
  });

  it('names an answer that is not JSON at all (a proxy\u2019s page)', async () => {
    answer(200, '<html>Sign in</html>');
    const e = await failure(fetchJson('/api/overview', (s) => s.overviewSchema));
    expect(e.message).toBe('The server\'s answer to /api/overview is not JSON (it begins "<html>Sign in</html>").');
  });

  it('keeps the server\u2019s own error, and says so when an error answer is not the API\u2019s', async () => {
    answer(400, JSON.stringify({ error: { code: 'invalid-time-window', message: 'Invalid time window: the window is 8 days long.' } }));
    const e = await failure(fetchJson('/api/overview', (s) => s.overviewSchema));
    expect([e.status, e.code, e.message]).toEqual([400, 'invalid-time-window', 'Invalid time window: the window is 8 days long.']);
    answer(502, '<html>Bad gateway</html>');
    expect((await failure(fetchJson('/api/overview', (s) => s.overviewSchema))).message).toBe('The server answered 502.');
  });
});
