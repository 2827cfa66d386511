import Link from 'next/link';
import { getStateMachines } from '@/lib/server/state-machines';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const machines = await getStateMachines();
  return (
    <>
      <h1>State machines</h1>
      {machines.length === 0 ? (
        <p className="muted">No state machines in this region.</p>
      ) : (
        <table className="grid" aria-label="State machines">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Log level</th>
              <th>Execution data</th>
              <th>Destination</th>
            </tr>
          </thead>
          <tbody>
            {machines.map((sm) => (
              <tr key={sm.arn} data-testid="state-machine-row">
                <td>
                  <Link href={`/state-machines/${encodeURIComponent(sm.arn)}`}>{sm.name}</Link>
                </td>
                <td>{sm.type}</td>
                <td>{sm.logging.level}</td>
                <td>{sm.logging.includeExecutionData ? 'included' : 'excluded'}</td>
                <td className="mono">{sm.logging.logGroupArn ?? <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
