import Link from 'next/link';
import { parseMapRunArn } from '@/lib/domain/arn';
import { formatCount, formatDuration, formatUtc } from '@/lib/domain/format';
import { mapRunsOfRows } from '@/lib/domain/map-run';
import type { RangeParams } from '@/lib/query/time-range';
import { mapError } from '@/lib/server/errors';
import { readMapRunsOfExecution } from '@/lib/server/map-run';
import { readStateMachineExecutions } from '@/lib/server/state-machine-executions';

const href = (mapRunArn: string) => `/map-runs/${encodeURIComponent(mapRunArn)}`;
const labelOf = (mapRunArn: string) => {
  const p = parseMapRunArn(mapRunArn);
  return p.ok ? p.value.mapLabel : mapRunArn;
};

/** The Map Runs a parent execution started (ListMapRuns), each linked to its page. */
export async function ExecutionMapRuns({ executionArn }: { executionArn: string }) {
  let runs;
  try {
    runs = (await readMapRunsOfExecution(executionArn)).value;
  } catch (e) {
    return (
      <section className="panel" aria-labelledby="map-runs-h" data-testid="map-runs">
        <h2 id="map-runs-h">Map Runs</h2>
        <p className="muted">The Map Runs of this execution could not be listed: {mapError(e).body.error.message}</p>
      </section>
    );
  }
  if (runs.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="map-runs-h" data-testid="map-runs">
      <h2 id="map-runs-h">Map Runs</h2>
      <ul>
        {runs.map((r) => (
          <li key={r.mapRunArn}>
            <Link href={href(r.mapRunArn)} data-testid="map-run-link">
              {labelOf(r.mapRunArn)}
            </Link>{' '}
            <span className="muted">
              started {formatUtc(r.startDate)}
              {r.stopDate !== null ? `, ran ${formatDuration(r.stopDate - r.startDate)}` : ', still running'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The Map Runs whose children the state machine's view listed in its window (the newest parents'). */
export async function StateMachineMapRuns({ arn, range }: { arn: string; range: RangeParams }) {
  let runs;
  try {
    runs = mapRunsOfRows((await readStateMachineExecutions(arn, range)).value.rows.map((r) => r.row));
  } catch {
    // The page above names what failed.
    return null;
  }
  if (runs.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="sm-map-runs-h" data-testid="map-runs">
      <h2 id="sm-map-runs-h">Map Runs</h2>
      <p className="muted">Distributed Map runs of the window&apos;s newest parent executions, newest first.</p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Map Run</th>
            <th scope="col">First child started</th>
            <th scope="col">Children</th>
            <th scope="col">Did not succeed</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.mapRunArn}>
              <td>
                <Link href={href(r.mapRunArn)} data-testid="map-run-link">
                  {labelOf(r.mapRunArn)}
                </Link>{' '}
                <span className="muted mono">{r.mapRunArn.slice(r.mapRunArn.lastIndexOf(':') + 1, r.mapRunArn.lastIndexOf(':') + 9)}</span>
              </td>
              <td>{formatUtc(r.firstStart)}</td>
              <td className="num">{formatCount(r.children)}</td>
              <td className="num">{formatCount(r.failed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
