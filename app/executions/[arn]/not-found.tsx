import Link from 'next/link';

export default function ExecutionNotFound() {
  return (
    <div className="panel" data-testid="not-found">
      <h1>No such execution</h1>
      <p>AWS does not know this execution or its state machine: it may be in another account or region, or the state machine was deleted.</p>
      <Link href="/">Back to the state machines</Link>
    </div>
  );
}
