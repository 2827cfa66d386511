import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { StateMachineMapRuns } from '@/components/map-run/map-runs-section';
import { StateMachineSkeleton } from '@/components/state-machine/state-machine-skeleton';
import { StateMachineView } from '@/components/state-machine/state-machine-view';
import { AwsReadError } from '@/lib/aws/errors';
import { parseStateMachineArn, type ParsedStateMachineArn } from '@/lib/domain/arn';
import { makeServerQueryClient, seedQuery } from '@/lib/query/get-query-client';
import { executionsOptions } from '@/lib/query/options';
import { readRange, type RangeParams } from '@/lib/query/time-range';
import { RequestError } from '@/lib/server/errors';
import { stateMachineExists } from '@/lib/server/exists';
import { executionsDtoOf, firstLookDto } from '@/lib/server/dto';
import { readStateMachineFirstLook } from '@/lib/server/state-machine-executions';
import { decodePageParam, stateMachineArnParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ arn: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = parseStateMachineArn(decodePageParam((await params).arn));
  return { title: parsed.ok ? parsed.value.name : 'State machine' };
}

/**
 * The most rows a server render seeds into the page: 1,000 rows are about 0.8 MB of HTML, 10,000 would
 * be ~8 MB per viewer. A bigger table is fetched by the browser as JSON, from the warm shared read,
 * serialised once for every viewer.
 */
const SEED_ROWS_MAX = 1_000;

export default async function StateMachinePage({ params, searchParams }: Props) {
  let parsed: ParsedStateMachineArn;
  try {
    parsed = stateMachineArnParam(decodePageParam((await params).arn));
  } catch {
    notFound();
  }
  const range = readRange(await searchParams);
  // Decided before anything streams, so that an unknown state machine answers HTTP 404: once the
  // skeleton below has been sent, the status is 200 whatever follows.
  if (!(await stateMachineExists(parsed.arn))) notFound();
  return (
    // Until the state machine's configuration and metrics are read (well under a second): its name.
    // The skeleton is not interactive (React does not hydrate a fallback the server has not replaced),
    // so the progress bar is in what replaces it, the first look (docs/cold-views.md).
    <Suspense fallback={<StateMachineSkeleton name={parsed.name} />}>
      <StateMachineBody arn={parsed.arn} range={range} />
    </Suspense>
  );
}

async function StateMachineBody({ arn, range }: { arn: string; range: RangeParams }) {
  const queryClient = makeServerQueryClient();
  let firstLook: ReturnType<typeof firstLookDto> | null = null;
  try {
    // The data function itself, never this app's own HTTP API; shared with every other viewer of this
    // range. A view kept warm is seeded whole; a cold one streams its first look (the health, the
    // metrics chart, the window, what is being read) while the Logs Insights queries run, and the
    // browser asks the API for the rest, which joins the same shared read.
    const read = await readStateMachineFirstLook(arn, range);
    if (read.view) {
      if (read.view.value.rows.length <= SEED_ROWS_MAX) seedQuery(queryClient, executionsOptions(arn, range), executionsDtoOf(read.view.value), read.view.readAt);
    } else {
      firstLook = firstLookDto(read.firstLook);
    }
  } catch (e) {
    // Deleted since the check above: the not-found page, streamed.
    if (e instanceof AwsReadError && e.kind === 'not-found') notFound();
    if (e instanceof RequestError) return <RangeProblem message={e.message} arn={arn} />;
    // Anything else (throttling, a denied read): the client asks the API and shows the failure with a retry.
    console.error('sfn-lens: state machine prefetch failed', e);
  }
  return (
    <>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <StateMachineView arn={arn} firstLook={firstLook} />
      </HydrationBoundary>
      {/* It needs the executions (Logs Insights): streamed after them, holding nothing above back. */}
      <Suspense fallback={null}>
        <StateMachineMapRuns arn={arn} range={range} />
      </Suspense>
    </>
  );
}

function RangeProblem({ message, arn }: { message: string; arn: string }) {
  return (
    <div className="panel error-box" role="alert">
      <h1>This time range cannot be shown</h1>
      <p>{message}</p>
      <Link href={`/state-machines/${encodeURIComponent(arn)}`}>Show the last 3 hours instead</Link>
    </div>
  );
}
