import Link from 'next/link';

export default function SnapshotNotFound() {
  return (
    <div className="panel" data-testid="not-found">
      <h1>This diagnosis link does not exist</h1>
      <p>It may have been mistyped or cut short when pasted, or it has expired: shared diagnoses are kept for a limited time.</p>
      <Link href="/">Back to the state machines</Link>
    </div>
  );
}
