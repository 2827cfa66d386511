import { describe, expect, it } from 'vitest';
import { compileFilterPattern, InvalidFilterPatternError } from '@/sim/logs/filter-pattern';

const ARN_A = 'arn:aws:states:us-east-1:123456789012:express:orders:3f1c9a7e:5b2d0c44';
const ARN_B = 'arn:aws:states:us-east-1:123456789012:express:orders:9e8d7c6b:1a2b3c4d';

/** A Step Functions log event as delivered to CloudWatch Logs: every scalar is a string. */
function sfnEvent(overrides: { id?: string; type?: string; arn?: string; details?: Record<string, unknown> } = {}): string {
  const id = overrides.id ?? '3';
  return JSON.stringify({
    id,
    type: overrides.type ?? 'TaskStateEntered',
    details: overrides.details ?? { name: 'Charge' },
    previous_event_id: String(Number(id) - 1),
    event_timestamp: '1700000000123',
    execution_arn: overrides.arn ?? ARN_A,
  });
}

/** The JSON example from AWS's "Filter and Pattern Syntax" page. */
const AWS_EXAMPLE = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
  latency: 120,
});

const matches = (pattern: string, message: string): boolean => compileFilterPattern(pattern).match(message);

describe('compileFilterPattern', () => {
  it('an empty or missing pattern matches every event, JSON or not', () => {
    for (const pattern of [undefined, '', '   ']) {
      const filter = compileFilterPattern(pattern);
      expect(filter.match(sfnEvent())).toBe(true);
      expect(filter.match('Permissions are set correctly')).toBe(true);
      expect(filter.equalities).toEqual([]);
    }
  });

  describe('JSON patterns', () => {
    it("a JSON pattern on $.execution_arn matches only that execution's events", () => {
      const filter = compileFilterPattern(`{ $.execution_arn = "${ARN_A}" }`);
      expect(filter.match(sfnEvent({ arn: ARN_A, type: 'ExecutionStarted', id: '1' }))).toBe(true);
      expect(filter.match(sfnEvent({ arn: ARN_A, type: 'ExecutionSucceeded', id: '9' }))).toBe(true);
      expect(filter.match(sfnEvent({ arn: ARN_B }))).toBe(false);
    });

    it('lists top-level conjunctive equalities so the sim can use them as an index', () => {
      const filter = compileFilterPattern(`{ ($.execution_arn = "${ARN_A}") && $.details.name = Charge && $.type = "Task*" }`);
      expect(filter.equalities).toEqual([
        { path: 'execution_arn', value: ARN_A },
        { path: 'details.name', value: 'Charge' },
      ]);
    });

    it('keeps equalities beside a parenthesised || but drops them all when || is at the top level', () => {
      const nested = compileFilterPattern(`{ $.execution_arn = "${ARN_A}" && ($.type = "ExecutionFailed" || $.type = "ExecutionTimedOut") }`);
      expect(nested.equalities).toEqual([{ path: 'execution_arn', value: ARN_A }]);
      const top = compileFilterPattern(`{ $.execution_arn = "${ARN_A}" || $.type = "ExecutionFailed" }`);
      expect(top.equalities).toEqual([]);
    });

    it('an || pattern matches either terminal event type', () => {
      const filter = compileFilterPattern('{ $.type = "ExecutionSucceeded" || $.type = "ExecutionFailed" }');
      expect(filter.match(sfnEvent({ type: 'ExecutionSucceeded' }))).toBe(true);
      expect(filter.match(sfnEvent({ type: 'ExecutionFailed' }))).toBe(true);
      expect(filter.match(sfnEvent({ type: 'TaskStateEntered' }))).toBe(false);
    });

    it('&& binds tighter than || and parentheses regroup, as in the AWS examples', () => {
      const doc = JSON.stringify({
        user: { id: 1, email: 'John.Stiles@example.com' },
        users: [
          { id: 2, email: 'John.Doe@example.com' },
          { id: 3, email: 'Jane.Doe@example.com' },
        ],
        actions: ['GET', 'PUT', 'DELETE'],
        coordinates: [
          [0, 1, 2],
          [4, 5, 6],
        ],
      });
      expect(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', doc)).toBe(true);
      expect(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', doc)).toBe(false);
      expect(matches('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', doc)).toBe(true);
      expect(matches('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', doc)).toBe(false);
    });

    it('!= matches other values but never an event that lacks the field', () => {
      const filter = compileFilterPattern('{ $.type != "TaskStateEntered" }');
      expect(filter.match(sfnEvent({ type: 'ExecutionFailed' }))).toBe(true);
      expect(filter.match(sfnEvent({ type: 'TaskStateEntered' }))).toBe(false);
      expect(filter.match(JSON.stringify({ id: '1' }))).toBe(false);
    });

    it('unquoted values compare like quoted ones', () => {
      expect(matches('{ $.type = ExecutionFailed }', sfnEvent({ type: 'ExecutionFailed' }))).toBe(true);
      expect(matches('{ $.type=ExecutionFailed&&$.id=3 }', sfnEvent({ type: 'ExecutionFailed' }))).toBe(true);
      expect(matches('{ $.sourceIPAddress != 123.123.* }', AWS_EXAMPLE)).toBe(true);
    });

    it('a leading, trailing or surrounding * is a wildcard, an interior * is literal', () => {
      const event = sfnEvent({ type: 'TaskStateEntered' });
      expect(matches('{ $.type = "Task*" }', event)).toBe(true);
      expect(matches('{ $.type = "*Entered" }', event)).toBe(true);
      expect(matches('{ $.type = "*State*" }', event)).toBe(true);
      expect(matches('{ $.type = "Task*Entered" }', event)).toBe(false);
      expect(matches('{ $.type = "Task*Entered" }', sfnEvent({ type: 'Task*Entered' }))).toBe(true);
      expect(matches('{ $.type != "Execution*" }', event)).toBe(true);
    });

    it('= * matches any scalar value but not a missing field', () => {
      expect(matches('{ $.latency = * }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.details.error = * }', sfnEvent())).toBe(false);
    });

    it('regular expression values between % signs test the value', () => {
      expect(matches('{ $.type = %^Execution(Failed|TimedOut)$% }', sfnEvent({ type: 'ExecutionTimedOut' }))).toBe(true);
      expect(matches('{ $.type = %^Execution(Failed|TimedOut)$% }', sfnEvent({ type: 'ExecutionSucceeded' }))).toBe(false);
    });

    it('numeric comparisons apply to JSON numbers', () => {
      expect(matches('{ $.latency > 100 }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.latency >= 120 && $.latency <= 120.0 }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.latency < 1e2 }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.latency != 120 }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.objectList[1].id = 2 }', AWS_EXAMPLE)).toBe(true);
    });

    it('relational operators never match string values, so Step Functions timestamps cannot be range-filtered', () => {
      expect(matches('{ $.event_timestamp > 1 }', sfnEvent())).toBe(false);
    });

    it('= with a number matches a string field holding that exact text', () => {
      expect(matches('{ $.id = 3 }', sfnEvent({ id: '3' }))).toBe(true);
      expect(matches('{ $.id = 3 }', sfnEvent({ id: '30' }))).toBe(false);
    });

    it('IS NULL, NOT EXISTS, IS TRUE and IS FALSE test the node itself', () => {
      expect(matches('{ $.SomeObject IS NULL }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.eventType IS NULL }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.SomeOtherObject NOT EXISTS }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.SomeObject NOT EXISTS }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.ThisFlag IS TRUE }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.ThisFlag IS FALSE }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.details.error NOT EXISTS }', sfnEvent())).toBe(true);
    });

    it('array index paths select elements, and indexing a non-array does not match', () => {
      expect(matches('{ $.arrayKey[0] = "value" }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.arrayKey[1] = "another value" }', AWS_EXAMPLE)).toBe(true);
      expect(matches('{ $.arrayKey[2] = * }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.eventType[0] = "UpdateTrail" }', AWS_EXAMPLE)).toBe(false);
    });

    it('a selector that points at an object or array matches neither = nor !=', () => {
      expect(matches('{ $.arrayKey = 1 }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.arrayKey != 1 }', AWS_EXAMPLE)).toBe(false);
      expect(matches('{ $.details != "x" }', sfnEvent())).toBe(false);
    });

    it('non-JSON messages never match JSON patterns', () => {
      const filter = compileFilterPattern('{ $.type != "x" }');
      expect(filter.match('Permissions are set correctly for this log group')).toBe(false);
      expect(filter.match('[1, 2]')).toBe(false);
      expect(filter.match('{"type": "truncated')).toBe(false);
    });

    it('uses a pre-parsed message instead of parsing the text again', () => {
      const filter = compileFilterPattern('{ $.type = "ExecutionFailed" }');
      const parsed = JSON.parse(sfnEvent({ type: 'ExecutionFailed' })) as unknown;
      expect(filter.match('not json at all', parsed)).toBe(true);
    });

    it('still matches events whose values are written with \\u escapes', () => {
      const escaped = sfnEvent({ type: 'ExecutionFailed' }).replace('"ExecutionFailed"', '"\\u0045xecutionFailed"');
      expect(matches('{ $.type = "ExecutionFailed" }', escaped)).toBe(true);
    });
  });

  describe('term patterns', () => {
    const lines = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    const matching = (pattern: string): string[] => lines.filter((l) => matches(pattern, l));

    it('a term matches any event containing it, case-sensitively', () => {
      expect(matches('ERROR', 'Exiting with ERRORCODE: -1')).toBe(true);
      expect(matches('ERROR', 'error: lower case')).toBe(false);
    });

    it('several terms must all appear, ?terms need any one, -terms must not appear', () => {
      expect(matching('ERROR')).toEqual(['ERROR WARN message', 'ERROR message']);
      expect(matching('ERROR WARN')).toEqual(['ERROR WARN message']);
      expect(matching('?ERROR ?WARN')).toEqual(lines);
      expect(matching('ERROR -WARN')).toEqual(['ERROR message']);
      expect(matching('"ERROR" - "WARN"')).toEqual(['ERROR message']);
    });

    it('a quoted phrase matches as one piece of text', () => {
      expect(matches('"Failed to process"', '[WARN] Failed to process the request')).toBe(true);
      expect(matches('"Failed to process"', '[WARN] Failed, unable to process')).toBe(false);
    });

    it('terms match the raw text of JSON messages too', () => {
      expect(matches('ExecutionFailed', sfnEvent({ type: 'ExecutionFailed' }))).toBe(true);
      expect(matches('"\\"type\\":\\"ExecutionFailed\\""', sfnEvent({ type: 'ExecutionFailed' }))).toBe(true);
      expect(compileFilterPattern('ExecutionFailed').equalities).toEqual([]);
    });

    it('a %regex% term tests the whole message', () => {
      expect(matches('%Execution(Failed|TimedOut)%', sfnEvent({ type: 'ExecutionTimedOut' }))).toBe(true);
      expect(matches('%Execution(Failed|TimedOut)%', sfnEvent({ type: 'ExecutionSucceeded' }))).toBe(false);
    });
  });

  describe('invalid patterns', () => {
    it.each([
      ['a JSON pattern without its closing brace', '{ $.type = "ExecutionFailed"'],
      ['a condition without a selector', '{ type = "ExecutionFailed" }'],
      ['a bare $ selector', '{ $ = 1 }'],
      ['a missing operator', '{ $.type "ExecutionFailed" }'],
      ['a missing value', '{ $.type = }'],
      ['a relational operator with a string', '{ $.type > "A" }'],
      ['an unknown IS test', '{ $.type IS MAYBE }'],
      ['an unbalanced parenthesis', '{ ($.type = "A" }'],
      ['a dangling &&', '{ $.type = "A" && }'],
      ['an unterminated quoted value', '{ $.type = "A }'],
      ['a broken array index', '{ $.a[x] = 1 }'],
      ['an unterminated quoted term', '"ERROR'],
      ['a dangling exclusion', 'ERROR -'],
      ['a space-delimited pattern (not simulated)', '[ip, user, status_code = 4*]'],
      ['a pattern over 1024 characters', `{ $.execution_arn = "${'x'.repeat(1020)}" }`],
    ])('rejects %s with InvalidFilterPatternError', (_what, pattern) => {
      expect(() => compileFilterPattern(pattern)).toThrow(InvalidFilterPatternError);
      expect(() => compileFilterPattern(pattern)).toThrow(/^Invalid filter pattern/);
    });

    it('accepts a pattern of exactly 1024 characters', () => {
      const value = 'x'.repeat(1024 - '{ $.a = "" }'.length);
      expect(() => compileFilterPattern(`{ $.a = "${value}" }`)).not.toThrow();
    });
  });
});
