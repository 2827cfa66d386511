import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CompareView } from '@/components/compare/compare-view';
import { PinBaseline } from '@/components/compare/pin-baseline';
import { ExecutionSkeleton } from '@/components/execution/execution-skeleton';
import { InvalidRequest } from '@/components/execution/invalid-request';
import { toIso } from '@/lib/domain/time-window';
import { pinRange, readRange, windowOfRange, writeRange, type RangeParams } from '@/lib/query/time-range';
import { compareParams, readComparison, type CompareRequest } from '@/lib/server/compare';
import { RequestError } from '@/lib/server/errors';

export const metadata: Metadata = { title: 'Compare executions' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const INVALID_TITLE = 'These executions cannot be compared';

/** The page's query as the API reads it (a repeated parameter keeps every value, for the API's checks). */
function toParams(search: Record<string, string | string[] | undefined>): URLSearchParams {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) q.append(key, v);
  return q;
}

/** Executions happened at fixed instants: a rolling range is pinned at the request (as on the execution page). */
function pinnedRange(q: URLSearchParams): { range: RangeParams; fixed: RangeParams } {
  const now = Date.now();
  const range = pinRange(readRange(q), now);
  // The address written once b is chosen names both ends, so that the link finds the same async
  // Express events (which only the window locates) whenever it is opened.
  const w = windowOfRange(range, now);
  return { range, fixed: w.ok ? { from: toIso(w.value.from), to: toIso(w.value.to) } : range };
}

/**
 * Rendered on the server: two ended executions do not change while the page is open.
 */
export default async function ComparePage({ searchParams }: Props) {
  const q = toParams(await searchParams);
  const { range, fixed } = pinnedRange(q);
  writeRange(q, range);
  let req: CompareRequest;
  try {
    req = compareParams(q);
  } catch (e) {
    if (e instanceof RequestError) return <InvalidRequest title={INVALID_TITLE} message={e.message} />;
    throw e;
  }
  return (
    <Suspense fallback={<ExecutionSkeleton />}>
      <CompareBody req={req} fixed={fixed} />
    </Suspense>
  );
}

async function CompareBody({ req, fixed }: { req: CompareRequest; fixed: RangeParams }) {
  let data;
  try {
    data = await readComparison(req);
  } catch (e) {
    if (e instanceof RequestError) return <InvalidRequest title={INVALID_TITLE} message={e.message} />;
    throw e;
  }
  // b chosen here: the address names it from now on, so a copied link shows this same pair.
  let pinned: string | null = null;
  if (!req.b && data.b) {
    const q = writeRange(new URLSearchParams({ a: req.a.arn, b: data.b.executionArn }), fixed);
    pinned = `/compare?${q.toString()}`;
  }
  return (
    <>
      {pinned ? <PinBaseline href={pinned} /> : null}
      <CompareView data={data} />
    </>
  );
}
