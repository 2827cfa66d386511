export default function Loading() {
  return (
    <div className="ops" aria-busy="true" aria-live="polite">
      <header className="ops-head">
        <h1>Ops view</h1>
      </header>
      <p className="muted ops-loading">Reading every state machine…</p>
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="skeleton skeleton-ops" />
      ))}
    </div>
  );
}
