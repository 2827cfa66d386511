// Oversized log data (issue: Reliability): an execution whose input is over the 256 KB event size is
// logged by Step Functions cut at 248 KiB with `inputDetails.truncated`. Its events are whole, counted
// and judged like any other; the view names the truncated payloads instead of failing or hiding them.
import { describe, expect, inject, it } from 'vitest';
import { groundTruth } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

interface ExecutionBody {
  logs: {
    status: string;
    eventCount: number;
    read: boolean;
    events: Array<{ id: number; type: string; details: Record<string, unknown> }>;
    truncatedPayloads: Array<{ eventId: number; type: string; field: string; loggedChars: number | null }>;
    problems: { total: number; nonJson: number; truncated: number } | null;
  };
  verdict: { cause: string };
  partial: unknown[];
}

describe('an execution with a 300 KB input', () => {
  it('is read whole, judged, and its truncated payloads are named', async () => {
    const now = Date.now();
    const truth = await groundTruth(simUrl, 'orders-express', now - 3 * 3600_000, now - 15 * 60_000, 100_000);
    const large = truth.find((t) => t.largeInput && t.dropMode === 'none');
    expect(large, 'the demo profile gives some orders-express executions a 300 KB input').toBeDefined();

    const r = await fetch(`${appUrl}/api/executions/${encodeURIComponent(large?.executionArn ?? '')}`);
    const text = await r.text();
    expect(r.status, text.slice(0, 300)).toBe(200);
    expect(text.length).toBeGreaterThan(248 * 1024);
    const body = JSON.parse(text) as ExecutionBody;
    expect(body.partial).toEqual([]);
    expect(body.logs.read).toBe(true);
    expect(body.logs.eventCount).toBe(large?.loggedEvents);
    // Not a parse problem: the messages are whole JSON; only the payload inside was cut.
    expect(body.logs.problems).toMatchObject({ nonJson: 0, truncated: 0 });
    expect(body.logs.truncatedPayloads[0]).toEqual({ eventId: 1, type: 'ExecutionStarted', field: 'input', loggedChars: 248 * 1024 });
    expect(body.logs.events[0]?.details).toMatchObject({ inputDetails: { truncated: true } });
    expect(body.verdict.cause).toBe('consistent');
  });
});
