'use client';

/** What a page's error boundary shows: what could not be shown, why, the server log's reference, and a retry. */
export function PageError({ title, message, error, retry }: { title: string; message: string; error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="panel error-box" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
      {digest ? <p className="muted mono">reference {digest}</p> : null}
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
