// The registry behind a cold view's progress bar and its Stop (docs/cold-views.md), against a
// scripted CloudWatch Logs client.
import { StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests, type AwsClients } from '@/lib/aws/clients';
import { firstLookOf, readProgress, stopRead, trackRead } from '@/lib/server/read-progress';

function stopsRecorded(): string[] {
  const stopped: string[] = [];
  const logs = {
    send: async (cmd: unknown) => {
      if (cmd instanceof StopQueryCommand) {
        stopped.push(cmd.input.queryId ?? '');
        return { success: true };
      }
      throw new Error('unexpected command');
    },
  };
  setClientsForTests({ logs } as unknown as AwsClients);
  return stopped;
}

afterEach(() => setClientsForTests(null));

const scan = { group: '/aws/vendedlogs/states/orders', fromMs: 0, toMs: 3 * 3_600_000 };
const stats = (bytes: number) => ({ recordsMatched: 0, recordsScanned: bytes / 100, bytesScanned: bytes });

describe('read progress registry', () => {
  it("measures a read against the group's stored bytes on a first read, and against the last scan of the same window after", () => {
    const first = trackRead('k-measure', 0);
    first.knowGroup({ name: scan.group, arn: '', exists: true, retentionInDays: null, storedBytes: 8_000_000, logGroupClass: 'STANDARD', creationTime: Date.now() - 24 * 3_600_000 });
    const t = first.query('per-minute counts', scan);
    t.onStart('q-1');
    t.onProgress(stats(500_000), 'Running');
    const during = readProgress('k-measure');
    expect(during?.expectedFrom).toBe('stored-bytes');
    expect(during?.fraction).toBeCloseTo(0.5, 1);
    t.onProgress(stats(2_000_000), 'Complete');
    first.finish('done');
    expect(readProgress('k-measure')?.state).toBe('done');

    const second = trackRead('k-measure');
    const t2 = second.query('per-minute counts', scan);
    t2.onStart('q-2');
    t2.onProgress(stats(500_000), 'Running');
    const p = readProgress('k-measure');
    expect(p?.expectedFrom).toBe('last-scan');
    expect(p?.fraction).toBeCloseTo(0.25);
  });

  it('stops every running query of a read, and a query that starts after the Stop as soon as it has an id', async () => {
    const stopped = stopsRecorded();
    const tracker = trackRead('k-stop');
    const a = tracker.query('per-execution aggregates', scan);
    const b = tracker.query('per-minute counts', scan);
    a.onStart('q-a');
    expect(await stopRead('k-stop')).toBe(1);
    expect(tracker.stopped).toBe(true);
    b.onStart('q-b');
    await new Promise<void>((r) => setImmediate(r));
    expect(stopped).toEqual(['q-a', 'q-b']);
    a.onProgress(stats(10), 'Cancelled');
    tracker.finish('done');
    expect(readProgress('k-stop')?.state).toBe('stopped');
  });

  it('has nothing to stop and no progress for a read that is not running', async () => {
    expect(readProgress('k-none')).toBeNull();
    expect(await stopRead('k-none')).toBeNull();
    const t = trackRead('k-finished');
    t.finish('done');
    expect(await stopRead('k-finished')).toBeNull();
  });

  it('hands a page the first look of a read it waited on before the read was tracked, and of a read already past it', async () => {
    const early = firstLookOf<{ health: string }>('k-first');
    const tracker = trackRead('k-first', 0);
    tracker.firstLook({ health: 'ok' });
    await expect(early.promise).resolves.toEqual({ health: 'ok' });
    await expect(firstLookOf('k-first').promise).resolves.toEqual({ health: 'ok' });
  });

  it('forgets a cancelled wait: a read finishing without a first look leaves no page waiting', async () => {
    const wait = firstLookOf('k-cancel');
    wait.cancel();
    const tracker = trackRead('k-cancel', 0);
    let resolved = false;
    void wait.promise.then(() => (resolved = true));
    tracker.firstLook({});
    await Promise.resolve();
    expect(resolved).toBe(false);
  });

  it('names the queries a Stop cancelled', async () => {
    stopsRecorded();
    const tracker = trackRead('k-stopped-names', 0);
    const a = tracker.query('per-execution aggregates', scan);
    const b = tracker.query('per-minute counts', scan);
    a.onStart('qa');
    b.onStart('qb');
    b.onProgress(stats(100), 'Complete');
    await stopRead('k-stopped-names');
    a.onProgress(stats(50), 'Cancelled');
    expect(tracker.stoppedQueries()).toEqual(['per-execution aggregates']);
  });
});
