import Link from 'next/link';

export default function ExecutionNotFound() {
  return (
    <div className="panel" data-testid="not-found">
      <h1>No such execution</h1>
      <p>
        AWS does not know this execution or its state machine: it may be in another account or region, or the state machine was deleted. For a Standard execution,
        Step Functions has no record of it and its log group has no event of it in the window looked at (Step Functions forgets executions 90 days after they
        close; add <code>?from=…&amp;to=…</code> to look further back in the logs).
      </p>
      <Link href="/">Back to the state machines</Link>
    </div>
  );
}
