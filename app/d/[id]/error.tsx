'use client';

export default function SnapshotError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="panel error-box" role="alert">
      <h1>This shared diagnosis could not be shown</h1>
      <p>sfn-lens could not read its snapshot store; the server log has the details.</p>
      {digest ? <p className="muted mono">reference {digest}</p> : null}
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
