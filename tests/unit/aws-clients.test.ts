import { ListRolesCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClients } from '@/lib/aws/clients';
import { toAwsReadError } from '@/lib/aws/errors';

// Where the IAM client sends and signs its requests, seen from inside the client: a middleware after
// signing records the host and the credential scope's Region and stops the request (no network).

async function iamTarget(region: string): Promise<{ host: string; signingRegion: string | undefined }> {
  const { iam } = createClients({ region, maxAttempts: 1, requestTimeoutMs: 1_000 });
  let seen: { host: string; signingRegion: string | undefined } | null = null;
  iam.middlewareStack.add(
    () => async (args) => {
      const req = args.request as { hostname: string; headers: Record<string, string> };
      seen = { host: req.hostname, signingRegion: /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] };
      throw new Error('stopped before sending');
    },
    { step: 'finalizeRequest', priority: 'low', name: 'recordTarget' },
  );
  await expect(iam.send(new ListRolesCommand({}))).rejects.toThrow('stopped before sending');
  iam.destroy();
  if (!seen) throw new Error('the request was not built');
  return seen;
}

beforeEach(() => {
  // The SDK's own resolution, not an override from the shell running the tests.
  vi.stubEnv('AWS_ENDPOINT_URL', undefined);
  vi.stubEnv('AWS_ENDPOINT_URL_IAM', undefined);
  vi.stubEnv('AWS_USE_FIPS_ENDPOINT', undefined);
  vi.stubEnv('AWS_USE_DUALSTACK_ENDPOINT', undefined);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE000000000');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
});
afterEach(() => vi.unstubAllEnvs());

describe('the IAM client resolves its endpoint from the configured Region’s partition (docs/aws-behaviour.md §11.10)', () => {
  it.each([
    ['us-east-1', 'iam.amazonaws.com', 'us-east-1'],
    ['eu-west-1', 'iam.amazonaws.com', 'us-east-1'],
    ['us-gov-west-1', 'iam.us-gov.amazonaws.com', 'us-gov-west-1'],
    ['us-gov-east-1', 'iam.us-gov.amazonaws.com', 'us-gov-west-1'],
    ['cn-north-1', 'iam.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['eusc-de-east-1', 'iam.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
    ['us-isob-east-1', 'iam.us-isob-east-1.sc2s.sgov.gov', 'us-isob-east-1'],
  ])('configured %s: requests go to %s, signed for %s', async (region, host, signingRegion) => {
    expect(await iamTarget(region)).toEqual({ host, signingRegion });
  });
});

describe('with an endpoint override (AWS_ENDPOINT_URL), IAM is still signed for its partition’s IAM Region (docs/aws-behaviour.md §11.10)', () => {
  it.each([
    ['eu-west-1', 'us-east-1'],
    ['ap-southeast-2', 'us-east-1'],
    ['us-gov-east-1', 'us-gov-west-1'],
    ['cn-northwest-1', 'cn-north-1'],
  ])('a source in %s signs IAM for %s', async (region, signingRegion) => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
    expect(await iamTarget(region)).toEqual({ host: '127.0.0.1', signingRegion });
  });
});

describe('sfn-lens accepts every partition’s Region as its configured Region', () => {
  it.each(['eusc-de-east-1', 'us-gov-west-1', 'us-isof-south-1', 'cn-northwest-1'])('AWS_REGION=%s', async (region) => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', region);
    const { getConfig } = await import('@/lib/config');
    expect(getConfig().region).toBe(region);
  });
});

describe('credentials AWS refuses are not a denied permission (docs/aws-behaviour.md §11.10)', () => {
  it.each(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidSignatureException', 'AuthFailure', 'ExpiredToken'])('%s is kind credentials', (name) => {
    const e = Object.assign(new Error('The security token included in the request is invalid.'), { name, $metadata: { httpStatusCode: 403 } });
    expect(toAwsReadError(e, 'iam:SimulatePrincipalPolicy')).toMatchObject({ kind: 'credentials', awsName: name });
  });

  it('AccessDenied is still access-denied, and KMS errors are classified as what they are', () => {
    const err = (name: string) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: 400 } });
    expect(toAwsReadError(err('AccessDenied'), 'iam:SimulatePrincipalPolicy').kind).toBe('access-denied');
    expect(toAwsReadError(err('KmsAccessDeniedException'), 'states:DescribeStateMachine').kind).toBe('access-denied');
    expect(toAwsReadError(err('KmsThrottlingException'), 'states:DescribeStateMachine').kind).toBe('throttled');
  });
});
