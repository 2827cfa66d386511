import { describe, expect, it } from 'vitest';
import { truncatedPayloads } from '@/lib/domain/payloads';
import type { ExecutionLogEvent } from '@/lib/domain/types';

const event = (id: number, type: string, details: Record<string, unknown>): ExecutionLogEvent => ({
  id,
  previousEventId: id - 1,
  type,
  executionArn: 'arn:aws:states:us-east-1:123456789012:express:orders:a:b',
  eventTimestamp: 1_700_000_000_000 + id,
  ingestionTime: 1_700_000_001_000 + id,
  details,
});

describe('payloads Step Functions cut before logging', () => {
  it('names each truncated input, output or parameters with the characters kept', () => {
    const events = [
      event(1, 'ExecutionStarted', { input: 'x'.repeat(253_952), inputDetails: { truncated: true }, roleArn: 'arn:aws:iam::1:role/r' }),
      event(2, 'TaskStateEntered', { name: 'A', input: '{}', inputDetails: { truncated: false } }),
      event(3, 'TaskStateExited', { name: 'A', output: 'y', outputDetails: { truncated: 'true' } }),
    ];
    expect(truncatedPayloads(events)).toEqual([
      { eventId: 1, type: 'ExecutionStarted', field: 'input', loggedChars: 253_952 },
      { eventId: 3, type: 'TaskStateExited', field: 'output', loggedChars: 1 },
    ]);
  });

  it('finds none when nothing says truncated, and tolerates odd details', () => {
    expect(truncatedPayloads([event(1, 'ExecutionStarted', { inputDetails: null, outputDetails: 'yes', input: 5 })])).toEqual([]);
    expect(truncatedPayloads([event(1, 'ExecutionStarted', { inputDetails: { truncated: true } })])).toEqual([{ eventId: 1, type: 'ExecutionStarted', field: 'input', loggedChars: null }]);
  });
});
