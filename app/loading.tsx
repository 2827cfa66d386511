export default function Loading() {
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
