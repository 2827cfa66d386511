// The one ARN parser of sfn-lens. ARNs come from URLs, from AWS responses and from log messages, and
// the ones sfn-lens puts into a CloudWatch filter pattern or a Logs Insights query must not be able
// to break out of the quoted literal: every value quoted here passes `checkSafeValue` first.

/** Longest Step Functions ARN AWS accepts (`Arn` shape, docs/aws-behaviour.md §1). */
const MAX_STATES_ARN_LENGTH = 256;
/** Generous bound for ARNs of other services (IAM role paths, log groups): only a sanity limit. */
const MAX_ANY_ARN_LENGTH = 2048;

export type ArnErrorCode =
  | 'malformed-arn'
  | 'unsafe-arn'
  | 'not-a-state-machine-arn'
  | 'not-an-execution-arn'
  | 'not-a-map-run-arn'
  | 'not-a-log-group-arn';

export interface ArnError {
  code: ArnErrorCode;
  /** One sentence saying exactly what is wrong, fit for a 400 response. */
  message: string;
  input: string;
}

export type ArnResult<T> = { ok: true; value: T } | { ok: false; error: ArnError };

export interface ParsedArn {
  arn: string;
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** The resource type: the text before the first `:` or `/` of the resource (`execution`, `log-group`, `role`). */
  resourceType: string;
  /** The resource after its type: split on `:` when the type is `:`-delimited, else one element. */
  resourceParts: string[];
  /** The whole resource (everything after the account id). */
  resource: string;
}

export interface ParsedStateMachineArn {
  arn: string;
  /** The ARN without a version or alias qualifier. */
  unqualifiedArn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
  /** Version number or alias name of a qualified ARN (`stateMachine:NAME:3`), else null. */
  qualifier: string | null;
}

export interface ParsedExecutionArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  kind: 'standard' | 'express';
  /** The state machine segment as written; `parent/mapLabel` for a Distributed Map child. */
  stateMachineName: string;
  /** The execution name. */
  name: string;
  /** The trailing UUID of an Express execution ARN, else null. */
  expressId: string | null;
  /** Set for children of a Distributed Map run (`parent/mapLabel`). */
  mapRun: { parentStateMachineName: string; mapLabel: string } | null;
  /** The state machine whose logging configuration applies: the parent for Distributed Map children. */
  stateMachineArn: string;
}

export interface ParsedMapRunArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  parentStateMachineName: string;
  mapLabel: string;
  runId: string;
  parentStateMachineArn: string;
}

export interface ParsedLogGroupArn {
  /** The ARN without the trailing `:*`. */
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
  /** Whether the input ended with `:*` (what Step Functions requires of a destination, docs/aws-behaviour.md §2). */
  hadWildcardSuffix: boolean;
}

/**
 * The partitions of the SDK's partitions.json and the Regions each one names (botocore `partitions.json`,
 * docs/aws-behaviour.md §11.10): `eusc-de-east-1` is aws-eusc, `us-gov-west-1` aws-us-gov, `us-isob-east-1` aws-iso-b.
 */
const PARTITIONS: ReadonlyArray<{ id: string; regionRegex: RegExp }> = [
  { id: 'aws', regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/ },
  { id: 'aws-cn', regionRegex: /^cn-\w+-\d+$/ },
  { id: 'aws-eusc', regionRegex: /^eusc-(de)-\w+-\d+$/ },
  { id: 'aws-iso', regionRegex: /^us-iso-\w+-\d+$/ },
  { id: 'aws-iso-b', regionRegex: /^us-isob-\w+-\d+$/ },
  { id: 'aws-iso-e', regionRegex: /^eu-isoe-\w+-\d+$/ },
  { id: 'aws-iso-f', regionRegex: /^us-isof-\w+-\d+$/ },
  { id: 'aws-us-gov', regionRegex: /^us-gov-\w+-\d+$/ },
];

/**
 * The shape of a Region name: a partition's prefix, words, a number (`us-east-1`, `eusc-de-east-1`).
 * Wider than the partitions above so that a Region newer than this list is still read.
 */
export const REGION_SHAPE = /^[a-z]{2,}(-[a-z]+)+-\d+$/;

/** The partition a Region belongs to, by the partitions' Region patterns; null when none claims it. */
function partitionOfRegion(region: string): string | null {
  return PARTITIONS.find((p) => p.regionRegex.test(region))?.id ?? null;
}

/**
 * The Region each partition's one IAM endpoint is signed for (botocore `iam/2010-05-08/endpoint-rule-set-1.json`,
 * docs/aws-behaviour.md §11.10): from any Region of the partition the SDK resolves this endpoint and this
 * signing Region.
 */
const IAM_SIGNING_REGION: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-eusc': 'eusc-de-east-1',
  'aws-iso': 'us-iso-east-1',
  'aws-iso-b': 'us-isob-east-1',
  'aws-iso-e': 'eu-isoe-west-1',
  'aws-iso-f': 'us-isof-south-1',
  'aws-us-gov': 'us-gov-west-1',
};

/**
 * The Region an IAM client of `region` is given: its partition's IAM signing Region, so that IAM is
 * signed for it even when an endpoint override (AWS_ENDPOINT_URL) leaves the SDK no rule to take it
 * from (it then signs for the client's Region, which IAM refuses). A Region of no known partition is
 * left to the SDK.
 */
export function iamClientRegion(region: string): string {
  const partition = partitionOfRegion(region);
  return (partition !== null ? IAM_SIGNING_REGION[partition] : undefined) ?? region;
}

function fail<T>(code: ArnErrorCode, input: string, message: string): ArnResult<T> {
  return { ok: false, error: { code, input, message } };
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  switch (ch) {
    case '"':
      return 'a double quote (")';
    case "'":
      return "a single quote (')";
    case '`':
      return 'a backtick (`)';
    case '\\':
      return 'a backslash (\\)';
    case '|':
      return 'a pipe (|)';
    case '*':
      return 'an asterisk (*)';
    case '?':
      return 'a question mark (?)';
    case '\n':
      return 'a newline';
    case '\r':
      return 'a carriage return';
    case '\t':
      return 'a tab';
    case ' ':
      return 'a space';
    case '{':
    case '}':
    case '[':
    case ']':
    case '<':
    case '>':
      return `a bracket (${ch})`;
  }
  if (cp < 0x20 || cp === 0x7f) return `a control character (${hex})`;
  if (/\s/u.test(ch)) return `whitespace (${hex})`;
  if (cp > 0x7e) return `a non-ASCII character '${ch}' (${hex})`;
  return `'${ch}'`;
}

// Characters that end or escape a quoted literal in a filter pattern or an Insights query, wildcards,
// and the brackets AWS forbids in names anyway.
const FORBIDDEN = /["'`\\|*?{}[\]<>]/;

function isForbidden(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return FORBIDDEN.test(ch) || cp <= 0x20 || cp >= 0x7f || /\s/u.test(ch);
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
/** Printable ASCII (PRINTABLE_ASCII) without the characters of FORBIDDEN (" ' ` \ | * ? { } [ ] < >). */
const SAFE_VALUE = /^[!#-&()+-;=@-Z^_a-z~]+$/;

/**
 * Everything that makes a value unfit to sit inside a quoted filter-pattern or Insights literal, as
 * sentences ("contains a double quote (\") at position 12"); empty when the value is safe.
 */
export function checkSafeValue(value: string, maxLength = MAX_STATES_ARN_LENGTH): string[] {
  if (value.length === 0) return ['is empty'];
  if (value.length <= maxLength && SAFE_VALUE.test(value)) return [];
  const problems: string[] = [];
  if (value.length > maxLength) problems.push(`is ${value.length} characters long; the maximum is ${maxLength}`);
  const seen = new Set<string>();
  let position = 0;
  for (const ch of value) {
    position++;
    if (!isForbidden(ch)) continue;
    const what = describeChar(ch);
    if (seen.has(what)) continue;
    seen.add(what);
    problems.push(`contains ${what} at position ${position}`);
    if (seen.size >= 5) {
      problems.push('and more');
      break;
    }
  }
  return problems;
}

/** Thrown by the quote helpers: a programming error or hostile input reached a query builder. */
export class UnsafeValueError extends Error {
  readonly code = 'unsafe-arn' as const;
  constructor(
    readonly input: string,
    readonly problems: string[],
    what = 'ARN',
  ) {
    super(`Unsafe ${what} ${JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input)}: it ${problems.join('; ')}.`);
    this.name = 'UnsafeValueError';
  }
}

/** A Logs Insights string literal. Accepts only already-safe values (no escaping needed, none attempted). */
export function quoteInsightsString(value: string): string {
  const problems = checkSafeValue(value);
  if (problems.length > 0) throw new UnsafeValueError(value, problems, 'Logs Insights value');
  return `"${value}"`;
}

/** A CloudWatch filter-pattern value (`{ $.execution_arn = "…" }`). Accepts only already-safe values. */
export function quoteFilterPatternValue(value: string): string {
  const problems = checkSafeValue(value);
  if (problems.length > 0) throw new UnsafeValueError(value, problems, 'filter-pattern value');
  return `"${value}"`;
}

/** Any ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. Never throws. */
/**
 * The fixed fields of ARN prefixes already checked (`arn:partition:service:region:account:`), owned by
 * one caller for one batch: the join parses 100,000 execution ARNs that share a handful of prefixes,
 * and checking each prefix once is most of what parsing them costs (docs/architecture.md, "Throughput").
 */
export type ArnPrefixCache = Map<string, Pick<ParsedArn, 'partition' | 'service' | 'region' | 'accountId'>>;

export function parseArn(input: string, prefixes?: ArnPrefixCache): ArnResult<ParsedArn> {
  if (typeof input !== 'string' || input.length === 0) return fail('malformed-arn', String(input ?? ''), 'The ARN is empty.');
  if (input.length > MAX_ANY_ARN_LENGTH) {
    return fail('malformed-arn', input, `The ARN is ${input.length} characters long; no AWS ARN is longer than ${MAX_ANY_ARN_LENGTH}.`);
  }
  if (!PRINTABLE_ASCII.test(input)) {
    for (const ch of input) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp <= 0x20 || cp >= 0x7f) return fail('unsafe-arn', input, `The ARN contains ${describeChar(ch)}; ARNs are printable ASCII without spaces.`);
    }
  }
  // The first five colons delimit the fixed fields; the resource keeps any further colons.
  const cuts: number[] = [];
  for (let at = input.indexOf(':'); at !== -1 && cuts.length < 5; at = input.indexOf(':', at + 1)) cuts.push(at);
  if (!input.startsWith('arn:')) return fail('malformed-arn', input, 'An ARN starts with "arn:".');
  if (cuts.length < 5) {
    return fail('malformed-arn', input, `An ARN has at least 6 colon-separated parts (arn:partition:service:region:account:resource); this one has ${cuts.length + 1}.`);
  }
  const [c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0] = cuts;
  const prefix = prefixes ? input.slice(0, c4 + 1) : '';
  const known = prefixes?.get(prefix);
  if (known) return withResource(input, known, c4);
  const partition = input.slice(c0 + 1, c1);
  const service = input.slice(c1 + 1, c2);
  const region = input.slice(c2 + 1, c3);
  const accountId = input.slice(c3 + 1, c4);
  if (!/^aws(-[a-z]+)*$/.test(partition)) return fail('malformed-arn', input, `The partition "${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov…).`);
  if (!/^[a-z0-9-]+$/.test(service)) return fail('malformed-arn', input, `The service "${service}" is not a service name.`);
  if (region !== '' && !REGION_SHAPE.test(region)) return fail('malformed-arn', input, `The region "${region}" is not a region like us-east-1.`);
  const regionPartition = region === '' ? null : partitionOfRegion(region);
  if (regionPartition !== null && regionPartition !== partition) {
    return fail('malformed-arn', input, `The region "${region}" belongs to the ${regionPartition} partition, not ${partition}.`);
  }
  if (accountId !== '' && !/^\d{12}$/.test(accountId) && accountId !== 'aws') {
    return fail('malformed-arn', input, `The account id "${accountId}" is not 12 digits.`);
  }
  const fields = { partition, service, region, accountId };
  prefixes?.set(prefix, fields);
  return withResource(input, fields, c4);
}

/** The ARN whose fixed fields (before the fifth colon, at `c4`) are valid: its resource, split. */
function withResource(input: string, fields: Pick<ParsedArn, 'partition' | 'service' | 'region' | 'accountId'>, c4: number): ArnResult<ParsedArn> {
  const resource = input.slice(c4 + 1);
  if (resource.length === 0) return fail('malformed-arn', input, 'The ARN has no resource after the account id.');
  const sep = resource.search(/[:/]/);
  const resourceType = sep === -1 ? resource : resource.slice(0, sep);
  const rest = sep === -1 ? '' : resource.slice(sep + 1);
  const resourceParts = sep === -1 ? [] : resource[sep] === ':' ? rest.split(':') : [rest];
  return { ok: true, value: { arn: input, ...fields, resourceType, resourceParts, resource } };
}

/** A Step Functions ARN that will be quoted in queries: structure plus the safety rules. */
function parseStatesArn(input: string, code: ArnErrorCode, what: string, prefixes?: ArnPrefixCache): ArnResult<ParsedArn> {
  const parsed = parseArn(input, prefixes);
  if (!parsed.ok) return parsed;
  const problems = checkSafeValue(input);
  if (problems.length > 0) return fail('unsafe-arn', input, `The ${what} ARN ${problems.join('; ')}.`);
  if (parsed.value.service !== 'states') {
    return fail(code, input, `This is a ${parsed.value.service} ARN, not a Step Functions ${what} ARN.`);
  }
  if (parsed.value.region === '' || parsed.value.accountId === '') {
    return fail('malformed-arn', input, `A Step Functions ${what} ARN names a region and an account.`);
  }
  return parsed;
}

function stateMachineArnFrom(p: { partition: string; region: string; accountId: string }, name: string): string {
  return `arn:${p.partition}:states:${p.region}:${p.accountId}:stateMachine:${name}`;
}

/** `arn:aws:states:R:A:stateMachine:NAME[:VERSION|ALIAS]`. */
export function parseStateMachineArn(input: string): ArnResult<ParsedStateMachineArn> {
  const r = parseStatesArn(input, 'not-a-state-machine-arn', 'state machine');
  if (!r.ok) return r;
  const p = r.value;
  if (p.resourceType !== 'stateMachine') {
    return fail('not-a-state-machine-arn', input, `The resource type is "${p.resourceType}", not "stateMachine".`);
  }
  const [name = '', qualifier, ...extra] = p.resourceParts;
  if (name === '' || extra.length > 0 || qualifier === '') {
    return fail('not-a-state-machine-arn', input, 'A state machine ARN ends with stateMachine:NAME or stateMachine:NAME:QUALIFIER.');
  }
  return {
    ok: true,
    value: {
      arn: input,
      unqualifiedArn: stateMachineArnFrom(p, name),
      partition: p.partition,
      region: p.region,
      accountId: p.accountId,
      name,
      qualifier: qualifier ?? null,
    },
  };
}

function splitMapChild(stateMachineName: string): { parentStateMachineName: string; mapLabel: string } | null {
  const slash = stateMachineName.indexOf('/');
  if (slash === -1) return null;
  return { parentStateMachineName: stateMachineName.slice(0, slash), mapLabel: stateMachineName.slice(slash + 1) };
}

/**
 * Standard `arn:aws:states:R:A:execution:SM:NAME` (8 parts) and Express
 * `arn:aws:states:R:A:express:SM:NAME:UUID` (9 parts, part[5] == "express", docs/aws-behaviour.md §1).
 * Distributed Map children carry `parent/mapLabel` as SM.
 */
export function parseExecutionArn(input: string, prefixes?: ArnPrefixCache): ArnResult<ParsedExecutionArn> {
  const r = parseStatesArn(input, 'not-an-execution-arn', 'execution', prefixes);
  if (!r.ok) return r;
  const p = r.value;
  let kind: 'standard' | 'express';
  if (p.resourceType === 'execution' && p.resourceParts.length === 2) kind = 'standard';
  else if (p.resourceType === 'express' && p.resourceParts.length === 3) kind = 'express';
  else if (p.resourceType === 'execution' || p.resourceType === 'express') {
    return fail(
      'not-an-execution-arn',
      input,
      p.resourceType === 'execution'
        ? 'A Standard execution ARN ends with execution:STATE_MACHINE:NAME.'
        : 'An Express execution ARN ends with express:STATE_MACHINE:NAME:UUID.',
    );
  } else {
    return fail('not-an-execution-arn', input, `The resource type is "${p.resourceType}", not "execution" or "express".`);
  }
  const [stateMachineName = '', name = '', expressId] = p.resourceParts;
  if (stateMachineName === '' || name === '' || expressId === '') {
    return fail('not-an-execution-arn', input, 'The execution ARN has an empty state machine, name or id segment.');
  }
  const mapRun = splitMapChild(stateMachineName);
  if (mapRun && (mapRun.parentStateMachineName === '' || mapRun.mapLabel === '' || mapRun.mapLabel.includes('/'))) {
    return fail('not-an-execution-arn', input, `The state machine segment "${stateMachineName}" is neither NAME nor PARENT/MAP_LABEL.`);
  }
  return {
    ok: true,
    value: {
      arn: input,
      partition: p.partition,
      region: p.region,
      accountId: p.accountId,
      kind,
      stateMachineName,
      name,
      expressId: expressId ?? null,
      mapRun,
      stateMachineArn: stateMachineArnFrom(p, mapRun ? mapRun.parentStateMachineName : stateMachineName),
    },
  };
}

/**
 * The labelled state machine ARN a Distributed Map child's metrics are emitted under,
 * `arn:…:stateMachine:<parent>/<label>` (docs/aws-behaviour.md §11.3); null for any other execution.
 */
export function mapChildMetricsArn(parsed: ParsedExecutionArn): string | null {
  return parsed.mapRun ? stateMachineArnFrom(parsed, `${parsed.mapRun.parentStateMachineName}/${parsed.mapRun.mapLabel}`) : null;
}

/** `arn:aws:states:R:A:mapRun:SM/label:UUID`. */
export function parseMapRunArn(input: string): ArnResult<ParsedMapRunArn> {
  const r = parseStatesArn(input, 'not-a-map-run-arn', 'map run');
  if (!r.ok) return r;
  const p = r.value;
  if (p.resourceType !== 'mapRun') return fail('not-a-map-run-arn', input, `The resource type is "${p.resourceType}", not "mapRun".`);
  const [smAndLabel = '', runId = '', ...extra] = p.resourceParts;
  const child = splitMapChild(smAndLabel);
  if (!child || child.parentStateMachineName === '' || child.mapLabel === '' || runId === '' || extra.length > 0) {
    return fail('not-a-map-run-arn', input, 'A map run ARN ends with mapRun:STATE_MACHINE/MAP_LABEL:RUN_ID.');
  }
  return {
    ok: true,
    value: {
      arn: input,
      partition: p.partition,
      region: p.region,
      accountId: p.accountId,
      parentStateMachineName: child.parentStateMachineName,
      mapLabel: child.mapLabel,
      runId,
      parentStateMachineArn: stateMachineArnFrom(p, child.parentStateMachineName),
    },
  };
}

/** `arn:aws:logs:R:A:log-group:NAME` with or without the trailing `:*` a Step Functions destination carries. */
export function parseLogGroupArn(input: string): ArnResult<ParsedLogGroupArn> {
  const parsed = parseArn(input);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (p.service !== 'logs' || p.resourceType !== 'log-group') {
    return fail('not-a-log-group-arn', input, `This is not a CloudWatch Logs log group ARN (service "${p.service}", resource type "${p.resourceType}").`);
  }
  const [name = '', ...rest] = p.resourceParts;
  const hadWildcardSuffix = rest.length === 1 && rest[0] === '*';
  if (name === '' || (rest.length > 0 && !hadWildcardSuffix)) {
    return fail('not-a-log-group-arn', input, 'A log group ARN ends with log-group:NAME or log-group:NAME:*.');
  }
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
    return fail('not-a-log-group-arn', input, `"${name}" is not a valid log group name (letters, digits, . - _ / #).`);
  }
  return {
    ok: true,
    value: {
      arn: `arn:${p.partition}:logs:${p.region}:${p.accountId}:log-group:${name}`,
      partition: p.partition,
      region: p.region,
      accountId: p.accountId,
      name,
      hadWildcardSuffix,
    },
  };
}

/** The log group name of a destination ARN (with or without `:*`), or null when it is not a log group ARN. */
export function logGroupNameFromArn(arn: string): string | null {
  const r = parseLogGroupArn(arn);
  return r.ok ? r.value.name : null;
}

/**
 * "To enable logging with CloudWatch Logs, the name should only contain 0-9, A-Z, a-z, - and _"
 * (docs/aws-behaviour.md §1, `ExecutionListItem.name`).
 */
export function isLoggableExecutionName(name: string): boolean {
  return /^[0-9A-Za-z_-]+$/.test(name);
}
