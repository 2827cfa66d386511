import { dehydrate, HydrationBoundary, type QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { AwsReadError } from '@/lib/aws/errors';
import { parseExecutionArn, type ParsedExecutionArn } from '@/lib/domain/arn';
import { ExecutionMapRuns } from '@/components/map-run/map-runs-section';
import { ExecutionSkeleton } from '@/components/execution/execution-skeleton';
import { ExecutionView } from '@/components/execution/execution-view';
import { InvalidRequest } from '@/components/execution/invalid-request';
import { makeServerQueryClient, seedQuery } from '@/lib/query/get-query-client';
import { pinRange, readRange } from '@/lib/query/time-range';
import { executionOptions } from '@/lib/query/options';
import { executionViewDto } from '@/lib/server/dto';
import { RequestError } from '@/lib/server/errors';
import { executionPresence, isUnknownExecution } from '@/lib/server/exists';
import { readExecutionDetail } from '@/lib/server/execution-detail';
import { decodePageParam, executionArnParam } from '@/lib/server/validate';

interface Props {
  params: Promise<{ arn: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** An execution happened at fixed instants: a rolling `now-15m` from a link is pinned at the request. */
function pinnedRange(search: Record<string, string | string[] | undefined>) {
  return pinRange(readRange(search), Date.now());
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = parseExecutionArn(decodePageParam((await params).arn));
  return { title: parsed.ok ? `${parsed.value.name} (${parsed.value.stateMachineName})` : 'Execution' };
}

type Prefetched = { ok: true; unknown: boolean; mayRunMaps: boolean } | { ok: false; invalid: string };

/** Diagnoses on the server (the data function, not the HTTP API) into `client`, for hydration. */
async function prefetchExecution(client: QueryClient, parsed: ParsedExecutionArn, from: string | null, to: string | null): Promise<Prefetched> {
  try {
    const read = await readExecutionDetail(parsed, { from, to });
    seedQuery(client, executionOptions(parsed.arn, { from, to }), executionViewDto(read.value), read.readAt);
    // A definition without a Distributed Map starts no Map Run: ListMapRuns is not asked (unknown: asked).
    return { ok: true, unknown: isUnknownExecution(read.value), mayRunMaps: read.value.stateMachine.hasDistributedMap !== false };
  } catch (e) {
    // The same words the JSON API answers with (400), shown on the page.
    if (e instanceof RequestError) return { ok: false, invalid: e.message };
    if (e instanceof AwsReadError && e.kind === 'not-found') notFound();
    // Anything else: the client asks the API again and shows its message with a retry.
  }
  return { ok: true, unknown: false, mayRunMaps: false };
}

const INVALID_TITLE = 'This is not an execution sfn-lens can look up';

export default async function ExecutionPage({ params, searchParams }: Props) {
  const arn = decodePageParam((await params).arn);
  const { from, to } = pinnedRange(await searchParams);
  let parsed: ParsedExecutionArn;
  try {
    parsed = executionArnParam(arn);
  } catch (e) {
    if (e instanceof RequestError) return <InvalidRequest title={INVALID_TITLE} message={e.message} />;
    throw e;
  }
  // Decided before anything streams, so that an unknown execution answers HTTP 404 (once the
  // skeleton has been sent, the status is 200 whatever follows).
  const presence = await executionPresence(parsed);
  if (presence === 'not-found') notFound();
  const body = <ExecutionBody parsed={parsed} from={from} to={to} notFoundWhenUnknown={presence === 'no-record'} />;
  // Step Functions has no record of it (it forgets closed Standard executions after 90 days): only
  // its logs can settle it, so this rare page reads them before answering. Otherwise the diagnosis
  // streams in behind the skeleton.
  return presence === 'no-record' ? body : <Suspense fallback={<ExecutionSkeleton />}>{body}</Suspense>;
}

async function ExecutionBody({ parsed, from, to, notFoundWhenUnknown }: { parsed: ParsedExecutionArn; from: string | null; to: string | null; notFoundWhenUnknown: boolean }) {
  const client = makeServerQueryClient();
  const prefetched = await prefetchExecution(client, parsed, from, to);
  if (!prefetched.ok) return <InvalidRequest title={INVALID_TITLE} message={prefetched.invalid} />;
  if (notFoundWhenUnknown && prefetched.unknown) notFound();
  return (
    <>
      <HydrationBoundary state={dehydrate(client)}>
        <ExecutionView executionArn={parsed.arn} from={from} to={to} />
      </HydrationBoundary>
      {parsed.kind === 'standard' && prefetched.mayRunMaps ? (
        <Suspense fallback={null}>
          <ExecutionMapRuns executionArn={parsed.arn} />
        </Suspense>
      ) : null}
    </>
  );
}
