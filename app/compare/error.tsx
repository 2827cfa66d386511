'use client';

export default function CompareError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="panel error-box" role="alert">
      <h1>This comparison could not be shown</h1>
      <p>sfn-lens failed while building this page. Reading AWS may work on a second try; the server log has the details.</p>
      {digest ? <p className="muted mono">reference {digest}</p> : null}
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
