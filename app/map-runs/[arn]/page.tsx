import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { InvalidRequest } from '@/components/execution/invalid-request';
import { MapRunView } from '@/components/map-run/map-run-view';
import { AwsReadError } from '@/lib/aws/errors';
import { parseMapRunArn, type ParsedMapRunArn } from '@/lib/domain/arn';
import { readRange, type RangeParams } from '@/lib/query/time-range';
import { mapError, RequestError } from '@/lib/server/errors';
import { mapRunViewDto, readMapRun } from '@/lib/server/map-run';
import { decodePageParam, mapRunArnParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ arn: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = parseMapRunArn(decodePageParam((await params).arn));
  return { title: parsed.ok ? `Map Run ${parsed.value.mapLabel} (${parsed.value.parentStateMachineName})` : 'Map Run' };
}

const INVALID_TITLE = 'This is not a Map Run sfn-lens can look up';

/**
 * A Map Run, rendered on the server: a finished run does not change, and a running one is read
 * again on reload (docs/map-run.md).
 */
export default async function MapRunPage({ params, searchParams }: Props) {
  let parsed: ParsedMapRunArn;
  try {
    parsed = mapRunArnParam(decodePageParam((await params).arn));
  } catch (e) {
    if (e instanceof RequestError) return <InvalidRequest title={INVALID_TITLE} message={e.message} />;
    throw e;
  }
  const range = readRange(await searchParams);
  return (
    <Suspense
      fallback={
        <div className="panel" aria-busy="true" data-testid="map-run-loading">
          <h1>Map Run {parsed.mapLabel}</h1>
          <p className="muted">Reading the Map Run, its children and their logs…</p>
        </div>
      }
    >
      <MapRunBody parsed={parsed} range={range} />
    </Suspense>
  );
}

async function MapRunBody({ parsed, range }: { parsed: ParsedMapRunArn; range: RangeParams }) {
  let view;
  try {
    view = mapRunViewDto((await readMapRun(parsed, range)).value);
  } catch (e) {
    if (e instanceof AwsReadError && e.kind === 'not-found') notFound();
    if (e instanceof RequestError) return <InvalidRequest title={INVALID_TITLE} message={e.message} />;
    const { body } = mapError(e);
    return (
      <div className="panel error-box" role="alert" data-testid="map-run-error">
        <h1>This Map Run could not be read</h1>
        <p>{body.error.message}</p>
        {body.error.action ? <p className="muted">AWS action: {body.error.action}</p> : null}
      </div>
    );
  }
  return <MapRunView view={view} />;
}
