import type { HealthFinding } from '@/lib/domain/types';

type Finding = Pick<HealthFinding, 'id' | 'severity' | 'title' | 'description'>;

/** The findings' titles, compact: the most severe visible, the rest (with descriptions) one click away. */
export function FindingTitles({ findings }: { findings: readonly Finding[] }) {
  const [first] = findings;
  if (!first) return <span className="muted finding-none">no findings</span>;
  return (
    <details className="finding-titles">
      <summary>
        <span className={`severity-text severity-${first.severity}`}>{first.title}</span>
        {findings.length > 1 ? <span className="muted"> +{findings.length - 1} more</span> : null}
      </summary>
      <ul>
        {findings.map((f) => (
          <li key={f.id}>
            <span className={`severity severity-${f.severity}`}>{f.severity}</span> <strong>{f.title}</strong>
            <div className="muted">{f.description}</div>
          </li>
        ))}
      </ul>
    </details>
  );
}
