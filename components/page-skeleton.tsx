/** Stands in for a page while its first read runs (the overview's list of state machines). */
export function PageSkeleton() {
  return (
    <div className="skeleton-page" aria-busy="true" aria-live="polite">
      <div className="skeleton skeleton-title" />
      <p className="muted">Loading…</p>
      {Array.from({ length: 7 }, (_, i) => (
        <div key={i} className="skeleton skeleton-row skeleton-row-tall" />
      ))}
    </div>
  );
}
