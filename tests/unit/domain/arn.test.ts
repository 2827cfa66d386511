import { describe, expect, it } from 'vitest';
import {
  type ArnPrefixCache,
  checkSafeValue,
  isLoggableExecutionName,
  logGroupNameFromArn,
  parseArn,
  parseExecutionArn,
  parseLogGroupArn,
  parseMapRunArn,
  parseStateMachineArn,
  quoteFilterPatternValue,
  quoteInsightsString,
  UnsafeValueError,
} from '@/lib/domain/arn';

// The real Express ARN from the Datadog forwarder test (docs/aws-behaviour.md §1).
const DATADOG_EXPRESS =
  'arn:aws:states:sa-east-1:425362996713:express:logs-to-traces-sequential:d0dbefd8-a0f6-b402-da4c-f4863def7456:7fa0cfbe-be28-4a20-9875-73c37f5dc39e';
const STANDARD = 'arn:aws:states:us-east-1:123456789012:execution:orders:run-42';

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
}

describe('parseArn', () => {
  it('splits any ARN into partition, service, region, account and resource', () => {
    const a = ok(parseArn('arn:aws:iam::123456789012:role/service-role/my-role'));
    expect(a).toMatchObject({ partition: 'aws', service: 'iam', region: '', accountId: '123456789012', resourceType: 'role', resourceParts: ['service-role/my-role'] });
  });

  it.each([
    ['', 'empty'],
    ['foo:aws:states:us-east-1:123456789012:stateMachine:x', 'starts with "arn:"'],
    ['arn:aws:states:us-east-1', 'at least 6'],
    ['arn:aws:states:us-east-1:12345:stateMachine:x', '12 digits'],
    ['arn:aws:states:moon-1:123456789012:stateMachine:x', 'region'],
  ])('rejects %j with a message that says why (%s)', (input, words) => {
    const r = parseArn(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(words);
  });
});

describe('parseExecutionArn', () => {
  it('reads a Standard execution ARN (8 parts, "execution")', () => {
    expect(ok(parseExecutionArn(STANDARD))).toMatchObject({
      kind: 'standard',
      stateMachineName: 'orders',
      name: 'run-42',
      expressId: null,
      mapRun: null,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
    });
  });

  it('reads an Express execution ARN (9 parts, part[5] == "express") from real data', () => {
    expect(ok(parseExecutionArn(DATADOG_EXPRESS))).toMatchObject({
      kind: 'express',
      region: 'sa-east-1',
      accountId: '425362996713',
      stateMachineName: 'logs-to-traces-sequential',
      name: 'd0dbefd8-a0f6-b402-da4c-f4863def7456',
      expressId: '7fa0cfbe-be28-4a20-9875-73c37f5dc39e',
    });
  });

  it('reads a Distributed Map child and points at the parent state machine', () => {
    const child = ok(parseExecutionArn('arn:aws:states:us-east-1:123456789012:express:orders/ProcessItems:child-1:5d3c1f2a-0000-4000-8000-000000000001'));
    expect(child.mapRun).toEqual({ parentStateMachineName: 'orders', mapLabel: 'ProcessItems' });
    expect(child.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:orders');
  });

  it('names the parent state machine for a Standard Map Run child and its own otherwise', () => {
    expect(ok(parseExecutionArn('arn:aws:states:us-east-1:123456789012:execution:orders/Map:abc'))).toMatchObject({
      kind: 'standard',
      mapRun: { parentStateMachineName: 'orders', mapLabel: 'Map' },
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
    });
    expect(ok(parseExecutionArn(STANDARD)).stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:orders');
  });

  it('names the state machine of each ARN, whatever was parsed before', () => {
    const names = ['orders', 'ordersX', 'order'].map((sm) => ok(parseExecutionArn(`arn:aws:states:us-east-1:123456789012:execution:${sm}:run-1`)));
    expect(names.map((p) => [p.stateMachineName, p.stateMachineArn])).toEqual([
      ['orders', 'arn:aws:states:us-east-1:123456789012:stateMachine:orders'],
      ['ordersX', 'arn:aws:states:us-east-1:123456789012:stateMachine:ordersX'],
      ['order', 'arn:aws:states:us-east-1:123456789012:stateMachine:order'],
    ]);
  });

  it.each([
    ['an empty name', 'arn:aws:states:us-east-1:123456789012:express:orders::id'],
    ['an extra segment', 'arn:aws:states:us-east-1:123456789012:express:orders:run-2:id:more'],
    ['a Standard ARN with an id', 'arn:aws:states:us-east-1:123456789012:execution:orders:run-2:id'],
    ['another resource type', 'arn:aws:states:us-east-1:123456789012:executions:orders:run-2'],
    ['a map label with a second /', 'arn:aws:states:us-east-1:123456789012:execution:orders/Map/x:run-2'],
    ['a name over 256 characters', `arn:aws:states:us-east-1:123456789012:execution:orders:${'n'.repeat(256)}`],
  ])('refuses %s', (_what, arn) => {
    expect(parseExecutionArn(arn).ok).toBe(false);
  });

  it('refuses an Express ARN without its UUID, naming the expected shape', () => {
    const r = parseExecutionArn('arn:aws:states:us-east-1:123456789012:express:orders:run-1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'not-an-execution-arn', message: expect.stringContaining('express:STATE_MACHINE:NAME:UUID') });
  });

  it('refuses a state machine ARN where an execution ARN is expected', () => {
    const r = parseExecutionArn('arn:aws:states:us-east-1:123456789012:stateMachine:orders');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not-an-execution-arn');
  });

  it('checks every ARN of a batch whole when their shared prefix was checked once', () => {
    const prefixes: ArnPrefixCache = new Map();
    expect(parseExecutionArn('arn:aws:states:us-east-1:123456789012:execution:orders:run-1', prefixes).ok).toBe(true);
    const second = parseExecutionArn('arn:aws:states:us-east-1:123456789012:express:orders:run-2:0f8b3c2e-1d4a-4b6c-9e7f-000000000001', prefixes);
    expect(second.ok && second.value).toMatchObject({ kind: 'express', region: 'us-east-1', accountId: '123456789012', stateMachineName: 'orders' });
    // The prefix was valid; what follows it is still checked.
    expect(parseExecutionArn("arn:aws:states:us-east-1:123456789012:execution:orders:run'3", prefixes)).toMatchObject({ ok: false, error: { code: 'unsafe-arn' } });
    expect(parseExecutionArn('arn:aws:states:us-east-1:123456789012:stateMachine:orders', prefixes)).toMatchObject({ ok: false, error: { code: 'not-an-execution-arn' } });
    // An invalid prefix is never kept as checked.
    expect(parseExecutionArn('arn:aws:states:us-east-1:12345:execution:orders:run-4', prefixes).ok).toBe(false);
    expect(parseExecutionArn('arn:aws:states:us-east-1:12345:execution:orders:run-5', prefixes).ok).toBe(false);
    expect([...prefixes.keys()]).toEqual(['arn:aws:states:us-east-1:123456789012:']);
  });

  it('refuses an execution ARN with a quote as unsafe, before any query sees it', () => {
    const r = parseExecutionArn('arn:aws:states:us-east-1:123456789012:execution:orders:x"||1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'unsafe-arn', message: expect.stringContaining('double quote') });
  });
});


describe('parseStateMachineArn', () => {
  it('reads plain and version-qualified ARNs', () => {
    expect(ok(parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:orders'))).toMatchObject({ name: 'orders', qualifier: null });
    expect(ok(parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:orders:7'))).toMatchObject({
      name: 'orders',
      qualifier: '7',
      unqualifiedArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
    });
  });

  it('refuses an ARN of another service', () => {
    const r = parseStateMachineArn('arn:aws:lambda:us-east-1:123456789012:function:orders');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('lambda');
  });
});

describe('parseMapRunArn', () => {
  it('reads parent, map label and run id', () => {
    expect(ok(parseMapRunArn('arn:aws:states:us-east-1:123456789012:mapRun:orders/ProcessItems:9b2d0f6e-1111-4222-8333-444455556666'))).toMatchObject({
      parentStateMachineName: 'orders',
      mapLabel: 'ProcessItems',
      runId: '9b2d0f6e-1111-4222-8333-444455556666',
      parentStateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
    });
  });

  it('refuses a map run ARN without a map label', () => {
    expect(parseMapRunArn('arn:aws:states:us-east-1:123456789012:mapRun:orders:9b2d').ok).toBe(false);
  });
});

describe('log group ARNs', () => {
  it('logGroupNameFromArn handles the trailing :* of a destination', () => {
    expect(logGroupNameFromArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders-Logs:*')).toBe('/aws/vendedlogs/states/orders-Logs');
    expect(logGroupNameFromArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders-Logs')).toBe('/aws/vendedlogs/states/orders-Logs');
  });

  it('parseLogGroupArn says whether the :* suffix was there', () => {
    expect(ok(parseLogGroupArn('arn:aws:logs:us-east-1:123456789012:log-group:g:*')).hadWildcardSuffix).toBe(true);
    expect(ok(parseLogGroupArn('arn:aws:logs:us-east-1:123456789012:log-group:g')).hadWildcardSuffix).toBe(false);
  });

  it('is null for anything but a log group', () => {
    expect(logGroupNameFromArn('arn:aws:s3:::bucket')).toBeNull();
    expect(logGroupNameFromArn('not an arn')).toBeNull();
  });
});

describe('checkSafeValue: nothing can break out of a filter pattern or an Insights literal', () => {
  const base = 'arn:aws:states:us-east-1:123456789012:execution:orders:';
  it.each([
    ['a double quote', `${base}a"b`, 'double quote'],
    ['a single quote', `${base}a'b`, 'single quote'],
    ['a backslash', `${base}a\\b`, 'backslash'],
    ['a pipe', `${base}a|b`, 'pipe'],
    ['a newline', `${base}a\nb`, 'newline'],
    ['a control character', `${base}a\u0007b`, 'control character (U+0007)'],
    ['an asterisk', `${base}*`, 'asterisk'],
    ['whitespace', `${base}a b`, 'space'],
    ['non-ASCII', `${base}注文`, 'non-ASCII'],
    ['a length over 256', `${base}${'x'.repeat(256)}`, 'maximum is 256'],
  ])('rejects %s and says so', (_what, arn, words) => {
    expect(checkSafeValue(arn).join('; ')).toContain(words);
    expect(() => quoteInsightsString(arn)).toThrow(UnsafeValueError);
  });

  it('names the position of the offending character', () => {
    expect(checkSafeValue('arn:aws:states:us-east-1:123456789012:execution:o:a"b')).toEqual(['contains a double quote (") at position 52']);
  });

  it('finds nothing wrong with a real Express ARN', () => {
    expect(checkSafeValue(DATADOG_EXPRESS)).toEqual([]);
  });

  it('accepts exactly the printable ASCII characters outside the quotes, escapes, wildcards and brackets', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const safe = /^[\x21-\x7e]+$/.test(ch) && !/["'`\\|*?{}[\]<>]/.test(ch);
      expect(checkSafeValue(`arn${ch}x`).length === 0, `U+${c.toString(16)}`).toBe(safe);
    }
  });
});

describe('quoting', () => {
  it('quotes already-safe values for Insights and filter patterns', () => {
    expect(quoteInsightsString(STANDARD)).toBe(`"${STANDARD}"`);
    expect(quoteFilterPatternValue('ExecutionSucceeded')).toBe('"ExecutionSucceeded"');
  });

  it('refuses to quote (rather than escape) an unsafe value', () => {
    expect(() => quoteInsightsString('x" | stats count(*)')).toThrow(/Logs Insights value.*double quote/);
    expect(() => quoteFilterPatternValue('x" || $.id = "1')).toThrow(/filter-pattern value.*double quote/);
  });
});

describe('isLoggableExecutionName', () => {
  it('accepts 0-9 A-Z a-z - _ only (AWS: other names prevent CloudWatch logging)', () => {
    expect(isLoggableExecutionName('order_42-retry')).toBe(true);
    expect(isLoggableExecutionName('order.42')).toBe(false);
    expect(isLoggableExecutionName('注文-42')).toBe(false);
  });
});

describe('every partition of the partitions file (docs/aws-behaviour.md §11.10)', () => {
  // One Region of each partition of botocore's partitions.json, with its partition id.
  const REGIONS: Array<[string, string]> = [
    ['aws', 'eu-west-1'],
    ['aws', 'mx-central-1'],
    ['aws-cn', 'cn-northwest-1'],
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws-iso', 'us-iso-east-1'],
    ['aws-iso-b', 'us-isob-east-1'],
    ['aws-iso-e', 'eu-isoe-west-1'],
    ['aws-iso-f', 'us-isof-south-1'],
    ['aws-eusc', 'eusc-de-east-1'],
  ];

  it.each(REGIONS)('%s: parses state machine, execution, Express, Map Run and log group ARNs in %s', (partition, region) => {
    const prefix = `arn:${partition}:states:${region}:123456789012`;
    expect(parseStateMachineArn(`${prefix}:stateMachine:ledger`)).toMatchObject({ ok: true, value: { partition, region, name: 'ledger' } });
    expect(parseExecutionArn(`${prefix}:execution:ledger:run-1`)).toMatchObject({ ok: true, value: { partition, region, stateMachineArn: `${prefix}:stateMachine:ledger` } });
    expect(parseExecutionArn(`${prefix}:express:ledger:run-1:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`)).toMatchObject({ ok: true, value: { kind: 'express', partition, region } });
    expect(parseMapRunArn(`${prefix}:mapRun:ledger/PostEntries:0b1c2d3e`)).toMatchObject({ ok: true, value: { partition, region, parentStateMachineArn: `${prefix}:stateMachine:ledger` } });
    expect(parseLogGroupArn(`arn:${partition}:logs:${region}:123456789012:log-group:/aws/vendedlogs/states/ledger-Logs:*`)).toMatchObject({ ok: true, value: { partition, region } });
    expect(parseArn(`arn:${partition}:iam::123456789012:role/service-role/ledger-role`)).toMatchObject({ ok: true, value: { partition, service: 'iam' } });
  });

  it('refuses an ARN whose Region belongs to another partition, saying which', () => {
    const r = parseStateMachineArn('arn:aws:states:us-gov-west-1:123456789012:stateMachine:ledger');
    expect(r).toMatchObject({ ok: false, error: { code: 'malformed-arn', message: 'The region "us-gov-west-1" belongs to the aws-us-gov partition, not aws.' } });
  });
});

