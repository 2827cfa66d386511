'use client';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel error-box" role="alert">
      <h1>This view could not be loaded</h1>
      <p>{error.message || 'An unexpected error happened.'}</p>
      {error.digest ? <p className="muted mono">reference {error.digest}</p> : null}
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
