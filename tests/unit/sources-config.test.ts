import { describe, expect, it } from 'vitest';
import { arnMatchesFilter, defaultSource, filterSources, parseSourcesConfig, sourceForArn, SourcesConfigError } from '@/lib/sources';

const FILE = '/etc/sfn-lens/sfn-lens.config.json';
const parse = (v: unknown) => parseSourcesConfig(JSON.stringify(v), FILE);
const problems = (v: unknown): string => {
  try {
    parse(v);
  } catch (e) {
    expect(e).toBeInstanceOf(SourcesConfigError);
    return (e as Error).message;
  }
  throw new Error('parsed');
};

describe('sfn-lens.config.json', () => {
  it('lists one source per account and Region, with the credentials each signs with', () => {
    const sources = parse({
      sources: [
        { name: 'shop', accountId: '210987654321', regions: ['us-east-1', 'eu-west-1'], roleArn: 'arn:aws:iam::210987654321:role/sfn-lens-readonly', externalId: 'ext-1' },
        { accountId: '123456789012', regions: ['us-east-1'], profile: 'hub' },
        { accountId: '333333333333', regions: ['ap-south-1'] },
      ],
    });
    expect(sources.map((s) => [s.key, s.name])).toEqual([
      ['210987654321/us-east-1', 'shop'],
      ['210987654321/eu-west-1', 'shop'],
      ['123456789012/us-east-1', '123456789012'],
      ['333333333333/ap-south-1', '333333333333'],
    ]);
    expect(sources[0]?.credentials).toEqual({ kind: 'role', roleArn: 'arn:aws:iam::210987654321:role/sfn-lens-readonly', externalId: 'ext-1' });
    expect(sources[2]?.credentials).toEqual({ kind: 'profile', profile: 'hub' });
    expect(sources[3]?.credentials).toEqual({ kind: 'default' });
  });

  it('names the file, the place in it and what is wrong, every problem at once', () => {
    const message = problems({ sources: [{ accountId: '1234', regions: ['useast1'] }, { accountId: '210987654321', regions: [], profile: 'p', roleArn: 'arn:aws:iam::210987654321:role/r' }] });
    expect(message).toContain(`${FILE} is not a valid sfn-lens configuration`);
    expect(message).toContain('sources.0.accountId: must be a 12-digit AWS account id');
    expect(message).toContain('sources.0.regions.0: must look like us-east-1');
    expect(message).toContain('sources.1.regions: must list at least one Region');
    expect(message).toContain('sources.1.roleArn: give either profile or roleArn, not both');
  });

  it('refuses a role of another account, an external id without a role, unknown keys and a source listed twice', () => {
    expect(problems({ sources: [{ accountId: '210987654321', regions: ['us-east-1'], roleArn: 'arn:aws:iam::123456789012:role/r' }] })).toContain('sources.0.roleArn: the role is in account 123456789012, not in accountId 210987654321');
    expect(problems({ sources: [{ accountId: '210987654321', regions: ['us-east-1'], externalId: 'abc' }] })).toContain('sources.0.externalId: externalId goes with roleArn');
    expect(problems({ sources: [{ accountId: '210987654321', regions: ['us-east-1'], role: 'x' }] })).toMatch(/sources\.0: .*role/);
    expect(problems({ sources: [{ accountId: '210987654321', regions: ['us-east-1'] }, { accountId: '210987654321', regions: ['us-east-1'] }] })).toContain(
      'sources.1.regions: account 210987654321 in us-east-1 is already source 0',
    );
    expect(problems({ sources: [] })).toContain('sources: must list at least one source');
  });

  it('says when the file is not JSON', () => {
    expect(() => parseSourcesConfig('{ sources: ', FILE)).toThrow(`${FILE}: not JSON`);
  });
});

describe('routing by ARN', () => {
  const sources = parse({ sources: [{ accountId: '210987654321', regions: ['us-east-1', 'eu-west-1'] }, { accountId: '123456789012', regions: ['us-east-1'] }] });

  it('sends an ARN to the source of its account and Region, and none when no source reads them', () => {
    expect(sourceForArn(sources, 'arn:aws:states:eu-west-1:210987654321:stateMachine:a')?.key).toBe('210987654321/eu-west-1');
    expect(sourceForArn(sources, 'arn:aws:states:us-east-1:123456789012:execution:a:b')?.key).toBe('123456789012/us-east-1');
    expect(sourceForArn(sources, 'arn:aws:states:eu-west-1:123456789012:stateMachine:a')).toBeNull();
    expect(sourceForArn(sources, 'arn:aws:iam::210987654321:role/x')?.accountId).toBe('210987654321');
  });

  it('without a configuration file, every ARN is the one default source', () => {
    const one = [defaultSource('us-east-1', 'default credentials')];
    expect(sourceForArn(one, 'arn:aws:states:eu-west-1:999999999999:stateMachine:a')?.key).toBe('default');
  });

  it('filters sources and ARNs by account and Region', () => {
    expect(filterSources(sources, { account: '210987654321', region: null }).map((s) => s.key)).toEqual(['210987654321/us-east-1', '210987654321/eu-west-1']);
    expect(filterSources(sources, { account: null, region: 'us-east-1' }).map((s) => s.key)).toEqual(['210987654321/us-east-1', '123456789012/us-east-1']);
    expect(arnMatchesFilter('arn:aws:states:eu-west-1:210987654321:stateMachine:a', { account: '210987654321', region: 'eu-west-1' })).toBe(true);
    expect(arnMatchesFilter('arn:aws:states:eu-west-1:210987654321:stateMachine:a', { account: '123456789012', region: null })).toBe(false);
  });
});
