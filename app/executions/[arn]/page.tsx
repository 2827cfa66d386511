import { dehydrate, HydrationBoundary, type QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AwsReadError } from '@/lib/aws/errors';
import { parseExecutionArn } from '@/lib/domain/arn';
import { ExecutionView } from '@/components/execution/execution-view';
import { InvalidRequest } from '@/components/execution/invalid-request';
import { makeServerQueryClient } from '@/lib/query/get-query-client';
import { readRange, resolveRange } from '@/lib/query/time-range';
import { executionOptions } from '@/lib/query/options';
import { executionViewDto } from '@/lib/server/dto';
import { RequestError } from '@/lib/server/errors';
import { readExecutionView } from '@/lib/server/execution-view';
import { executionArnParam } from '@/lib/server/validate';

interface Props {
  params: Promise<{ arn: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Page params arrive still percent-encoded (route handlers' arrive decoded); an ARN never holds a "%". */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** An execution happened at fixed instants: a rolling `now-15m` from a table link is pinned here. */
function executionWindow(search: Record<string, string | string[] | undefined>): { from: string | null; to: string | null } {
  return resolveRange(readRange(search), Date.now());
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = parseExecutionArn(decodeParam((await params).arn));
  return { title: parsed.ok ? `${parsed.value.name} (${parsed.value.stateMachineName})` : 'Execution' };
}

type Prefetched = { ok: true } | { ok: false; invalid: string };

/** Diagnoses on the server (the data function, not the HTTP API) into `client`, for hydration. */
async function prefetchExecution(client: QueryClient, arn: string, from: string | null, to: string | null): Promise<Prefetched> {
  try {
    const parsed = executionArnParam(arn);
    const read = await readExecutionView(parsed, { from, to });
    client.setQueryData(executionOptions(arn, { from, to }).queryKey, executionViewDto(read.value), { updatedAt: read.readAt });
  } catch (e) {
    // The same words the JSON API answers with (400), shown on the page.
    if (e instanceof RequestError) return { ok: false, invalid: e.message };
    if (e instanceof AwsReadError && e.kind === 'not-found') notFound();
    // Anything else: the client asks the API again and shows its message with a retry.
  }
  return { ok: true };
}

export default async function ExecutionPage({ params, searchParams }: Props) {
  const arn = decodeParam((await params).arn);
  const { from, to } = executionWindow(await searchParams);

  const client = makeServerQueryClient();
  const prefetched = await prefetchExecution(client, arn, from, to);
  if (!prefetched.ok) return <InvalidRequest title="This is not an execution sfn-lens can look up" message={prefetched.invalid} />;
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <ExecutionView executionArn={arn} from={from} to={to} />
    </HydrationBoundary>
  );
}
