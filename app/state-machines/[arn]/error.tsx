'use client';

import Link from 'next/link';

export default function StateMachineError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel error-box" role="alert">
      <h1>This state machine could not be shown</h1>
      <p>{error.message || 'An unexpected error happened while reading it.'}</p>
      {error.digest ? <p className="muted mono">reference {error.digest} (the server log has the details)</p> : null}
      <p className="actions">
        <button type="button" className="btn btn-primary" onClick={() => reset()}>
          Try again
        </button>
        <Link href="/">Back to the state machines</Link>
      </p>
    </div>
  );
}
