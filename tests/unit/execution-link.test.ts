import { describe, expect, it } from 'vitest';
import { executionHref, type ExecutionRowDto } from '@/components/state-machine/execution-link';

const ARN = 'arn:aws:states:us-east-1:123456789012:express:orders-express:b1d70fab:7c4416b0';

function row(over: { startDate?: string | null; stopDate?: string | null; firstEventAt?: string | null; lastEventAt?: string | null }): ExecutionRowDto {
  return {
    executionArn: ARN,
    name: 'b1d70fab',
    kind: 'express',
    startDate: over.startDate ?? null,
    stopDate: over.stopDate ?? null,
    service: { status: null, source: 'none' },
    logs: { status: 'SUCCEEDED', eventCount: 13, idGaps: 0, firstEventAt: over.firstEventAt ?? null, lastEventAt: over.lastEventAt ?? null, maxIngestionDelayMs: 900 },
    verdict: { cause: 'consistent', detail: 'terminal-event-present', confidence: 'high', summary: '', recheckAt: null },
  } as unknown as ExecutionRowDto;
}

function windowOf(href: string): { path: string; from: string | null; to: string | null } {
  const u = new URL(href, 'http://x');
  return { path: u.pathname, from: u.searchParams.get('from'), to: u.searchParams.get('to') };
}

describe('the link from a table row to its execution page', () => {
  it('opens a minute before the start to a minute after the stop for an execution that ended long before the read', () => {
    const w = windowOf(executionHref(row({ startDate: '2026-11-29T06:00:00.000Z', stopDate: '2026-11-29T06:00:02.000Z', lastEventAt: '2026-11-29T06:00:02.000Z' }), '2026-11-29T08:00:00.000Z', '2026-11-29T05:00:00.000Z'));
    expect(w.path).toBe(`/executions/${encodeURIComponent(ARN)}`);
    expect(w).toMatchObject({ from: '2026-11-29T05:59:00.000Z', to: '2026-11-29T06:01:02.000Z' });
  });

  it('never ends before the terminal event the table saw, even when that came after the read time (query bounds are whole seconds)', () => {
    // The CI case: read at 07:53:39.385, the execution's terminal event at 07:53:39.500.
    const w = windowOf(executionHref(row({ startDate: '2026-11-29T07:53:38.067Z', stopDate: '2026-11-29T07:53:39.500Z', lastEventAt: '2026-11-29T07:53:39.500Z' }), '2026-11-29T07:53:39.385Z', '2026-11-29T04:53:39.385Z'));
    expect(Date.parse(w.to ?? '')).toBeGreaterThan(Date.parse('2026-11-29T07:53:39.500Z'));
    expect(w.from).toBe('2026-11-29T07:52:38.067Z');
  });

  it('ends at the read time for an execution that may still run, or after its last event when that is later', () => {
    expect(windowOf(executionHref(row({ startDate: '2026-11-29T07:50:00.000Z', lastEventAt: '2026-11-29T07:51:00.000Z' }), '2026-11-29T07:55:00.000Z', '2026-11-29T04:55:00.000Z')).to).toBe('2026-11-29T07:55:00.000Z');
    const late = windowOf(executionHref(row({ startDate: '2026-11-29T07:54:00.000Z', lastEventAt: '2026-11-29T07:55:00.600Z' }), '2026-11-29T07:55:00.000Z', '2026-11-29T04:55:00.000Z'));
    expect(Date.parse(late.to ?? '')).toBeGreaterThan(Date.parse('2026-11-29T07:55:00.600Z'));
  });

  it('starts from the first logged event when the start is unknown, and spans at least a minute', () => {
    const w = windowOf(executionHref(row({ firstEventAt: '2026-11-29T07:54:59.000Z' }), '2026-11-29T07:55:00.000Z', '2026-11-29T04:55:00.000Z'));
    expect(w.from).toBe('2026-11-29T07:53:59.000Z');
    expect(Date.parse(w.to ?? '') - Date.parse(w.from ?? '')).toBeGreaterThanOrEqual(60_000);
  });
});
