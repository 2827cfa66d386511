import Link from 'next/link';
import { Suspense } from 'react';
import type { StateMachine, UnreadStateMachine } from '@/lib/domain/types';
import { logGroupNameFromArn, parseArn } from '@/lib/domain/arn';
import { rangeQuery, type RangeParams } from '@/lib/query/time-range';
import { FailedRead } from '../failed-read';
import { SUMMARY_COLUMNS, SummaryCells, SummaryCellsSkeleton } from './summary-cells';

/** The account and Region a state machine's ARN names (docs/sources.md). */
function SourceCells({ arn }: { arn: string }) {
  const parsed = parseArn(arn);
  return (
    <>
      <td className="mono small" data-testid="account-cell">
        {parsed.ok ? parsed.value.accountId : '—'}
      </td>
      <td className="mono small" data-testid="region-cell">
        {parsed.ok ? parsed.value.region : '—'}
      </td>
    </>
  );
}

/** Every state machine: configuration at once, health and counts streamed per row as they are read. */
export function OverviewTable({ machines, unread, range }: { machines: readonly StateMachine[]; unread: readonly UnreadStateMachine[]; range: RangeParams }) {
  // One list by name: a state machine that could not be described keeps its place, with the reason.
  const rows = [...machines.map((sm) => ({ kind: 'read' as const, name: sm.name, sm })), ...unread.map((u) => ({ kind: 'unread' as const, name: u.name, u }))].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return (
    <table className="grid overview" aria-label="State machines">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Account</th>
          <th scope="col">Region</th>
          <th scope="col">Logging</th>
          <th scope="col">Health</th>
          <th scope="col" className="num">Executions</th>
          <th scope="col">Mismatches by cause</th>
          <th scope="col">Metrics vs logs</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          if (row.kind === 'unread') {
            const { u } = row;
            return (
              <tr key={u.arn} data-testid="state-machine-row" data-name={u.name} data-unread="true">
                <td>
                  <Link href={`/state-machines/${encodeURIComponent(u.arn)}${rangeQuery(range)}`} className="sm-link">
                    {u.name}
                  </Link>
                </td>
                <SourceCells arn={u.arn} />
                <td colSpan={1 + SUMMARY_COLUMNS} className="row-error" role="status">
                  <strong>Could not describe this state machine:</strong> <FailedRead read={u.read} />. Its configuration and counts are left out; it is asked again on the next read.
                </td>
              </tr>
            );
          }
          const { sm } = row;
          return (
            <tr key={sm.arn} data-testid="state-machine-row" data-name={sm.name}>
              <td>
                <Link href={`/state-machines/${encodeURIComponent(sm.arn)}${rangeQuery(range)}`} className="sm-link">
                  {sm.name}
                </Link>
                <div className="small muted">{sm.type}</div>
              </td>
              <SourceCells arn={sm.arn} />
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
          );
        })}
      </tbody>
    </table>
  );
}
