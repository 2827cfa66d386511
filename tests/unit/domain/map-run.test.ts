import { describe, expect, it } from 'vitest';
import { countByStatus, countDifferences, EXAMPLES_PER_CAUSE, groupFailures, mapRunsOfRows, tallyVerdicts } from '@/lib/domain/map-run';
import type { ServiceExecution, ServiceStatus, Verdict } from '@/lib/domain/types';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:batch/ProcessItems:11111111-2222-4333-8444-555555555555';
const child = (i: number, status: ServiceStatus, extra: Partial<ServiceExecution> = {}): ServiceExecution => ({
  executionArn: `arn:aws:states:us-east-1:123456789012:express:batch/ProcessItems:c${i}:u${i}`,
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:batch/ProcessItems',
  name: `c${i}`,
  status,
  startDate: 1_000 + i,
  stopDate: 2_000 + i,
  source: 'map-run',
  mapRunArn: RUN,
  ...extra,
});
const described = (c: ServiceExecution, error: string | null, cause: string | null): ServiceExecution => ({ ...c, source: 'describe-execution', error, cause });

describe('a Map Run’s failed children grouped by error and cause', () => {
  it('groups by error, then cause, largest first, with the first children as examples', () => {
    const kids = [
      child(1, 'FAILED'),
      child(2, 'FAILED'),
      child(3, 'FAILED'),
      child(4, 'SUCCEEDED'),
      child(5, 'TIMED_OUT'),
      child(6, 'FAILED'),
    ];
    const records = new Map<string, ServiceExecution>([
      [kids[0]!.executionArn, described(kids[0]!, 'States.TaskFailed', 'image too large')],
      [kids[1]!.executionArn, described(kids[1]!, 'Lambda.Unknown', 'Task timed out after 3.00 seconds')],
      [kids[2]!.executionArn, described(kids[2]!, 'States.TaskFailed', 'image too large')],
      [kids[4]!.executionArn, { ...described(kids[4]!, 'States.Timeout', null), status: 'TIMED_OUT' }],
      [kids[5]!.executionArn, described(kids[5]!, 'States.TaskFailed', 'not an image')],
    ]);
    const f = groupFailures(kids, records);
    expect(f.failed).toBe(5);
    expect(f.undescribed).toBe(0);
    expect(f.groups.map((g) => [g.error, g.count])).toEqual([
      ['States.TaskFailed', 3],
      ['Lambda.Unknown', 1],
      ['States.Timeout', 1],
    ]);
    expect(f.groups[0]!.causes).toEqual([
      { cause: 'image too large', count: 2, examples: [kids[0]!.executionArn, kids[2]!.executionArn] },
      { cause: 'not an image', count: 1, examples: [kids[5]!.executionArn] },
    ]);
    expect(f.groups[2]).toMatchObject({ statuses: ['TIMED_OUT'], causes: [{ cause: null, count: 1 }] });
  });

  it('counts a failed child that was not described as undescribed, never under a guessed error', () => {
    const kids = [child(1, 'FAILED'), child(2, 'ABORTED')];
    const f = groupFailures(kids, new Map([[kids[0]!.executionArn, described(kids[0]!, 'States.TaskFailed', 'x')]]));
    expect(f).toMatchObject({ failed: 2, undescribed: 1 });
    expect(f.groups).toHaveLength(1);
  });

  it(`keeps at most ${EXAMPLES_PER_CAUSE} examples a cause while counting all of them`, () => {
    const kids = Array.from({ length: 12 }, (_, i) => child(i, 'FAILED'));
    const f = groupFailures(kids, new Map(kids.map((k) => [k.executionArn, described(k, 'E', 'C')])));
    expect(f.groups[0]!.causes[0]!.count).toBe(12);
    expect(f.groups[0]!.causes[0]!.examples).toHaveLength(EXAMPLES_PER_CAUSE);
  });
});

describe('a Map Run’s counts', () => {
  it('counts the listed children by status and names where DescribeMapRun counts otherwise', () => {
    const listed = countByStatus([child(1, 'SUCCEEDED'), child(2, 'SUCCEEDED'), child(3, 'FAILED')]);
    expect(listed).toMatchObject({ SUCCEEDED: 2, FAILED: 1, RUNNING: 0 });
    expect(countDifferences({ running: 0, succeeded: 2, failed: 1, timedOut: 0, aborted: 0 }, listed)).toEqual([]);
    expect(countDifferences({ running: 1, succeeded: 1, failed: 1, timedOut: 0, aborted: 0 }, listed)).toEqual([
      { status: 'RUNNING', aws: 1, listed: 0 },
      { status: 'SUCCEEDED', aws: 1, listed: 2 },
    ]);
  });

  it('tallies the children’s verdicts, most first', () => {
    const v = (cause: Verdict['cause']) => ({ cause }) as Verdict;
    expect(tallyVerdicts([v('consistent'), v('best-effort-drop'), v('consistent')])).toEqual([
      { cause: 'consistent', count: 2 },
      { cause: 'best-effort-drop', count: 1 },
    ]);
  });

  it('lists the Map Runs a state machine’s rows show, newest first, with their failed children', () => {
    const other = RUN.replace('11111111', '99999999');
    const runs = mapRunsOfRows([
      { service: child(1, 'FAILED') },
      { service: child(2, 'SUCCEEDED') },
      { service: child(3, 'SUCCEEDED', { mapRunArn: other, startDate: 5_000 }) },
      { service: null },
      { service: { ...child(4, 'SUCCEEDED'), mapRunArn: undefined } },
    ]);
    expect(runs).toEqual([
      { mapRunArn: other, children: 1, failed: 0, firstStart: 5_000 },
      { mapRunArn: RUN, children: 2, failed: 1, firstStart: 1_001 },
    ]);
  });
});
