import Link from 'next/link';
import { Suspense } from 'react';
import type { StateMachine } from '@/lib/domain/types';
import { logGroupNameFromArn } from '@/lib/domain/arn';
import { rangeQuery, type RangeParams } from '@/lib/query/time-range';
import { SummaryCells, SummaryCellsSkeleton } from './summary-cells';

/** Every state machine: configuration at once, health and counts streamed per row as they are read. */
export function OverviewTable({ machines, range }: { machines: readonly StateMachine[]; range: RangeParams }) {
  return (
    <table className="grid overview" aria-label="State machines">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Logging</th>
          <th scope="col">Health</th>
          <th scope="col" className="num">Executions</th>
          <th scope="col">Mismatches by cause</th>
          <th scope="col">Metrics vs logs</th>
        </tr>
      </thead>
      <tbody>
        {machines.map((sm) => (
          <tr key={sm.arn} data-testid="state-machine-row" data-name={sm.name}>
            <td>
              <Link href={`/state-machines/${encodeURIComponent(sm.arn)}${rangeQuery(range)}`} className="sm-link">
                {sm.name}
              </Link>
              <div className="small muted">{sm.type}</div>
            </td>
            <td>
              <div>
                <strong>{sm.logging.level}</strong>
                <span className="muted"> · data {sm.logging.includeExecutionData ? 'included' : 'excluded'}</span>
              </div>
              <div className="mono small muted" title={sm.logging.logGroupArn ?? undefined}>
                {sm.logging.logGroupArn ? logGroupNameFromArn(sm.logging.logGroupArn) : 'no destination'}
              </div>
            </td>
            <Suspense fallback={<SummaryCellsSkeleton />}>
              <SummaryCells arn={sm.arn} range={range} />
            </Suspense>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
