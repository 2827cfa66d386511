import type { HealthFinding } from '@/lib/domain/types';
import { RemediationSnippet } from '../remediation/remediation-snippet';

/** Every finding with its description; remediation snippets one click away. */
export function HealthFindings({ findings }: { findings: readonly HealthFinding[] }) {
  if (findings.length === 0) {
    return <p className="muted findings-none">No findings: the logging configuration, the role, the resource policies and the log group look right.</p>;
  }
  return (
    <ul className="findings" aria-label="Logging health findings">
      {findings.map((f) => (
        <li key={f.id} className={`finding finding-${f.severity}`} data-finding={f.id}>
          <div className="finding-head">
            <span className={`severity severity-${f.severity}`}>{f.severity}</span>
            <strong>{f.title}</strong>
          </div>
          <p className="finding-description">{f.description}</p>
          {f.remediation && f.remediation.length > 0 ? (
            <details className="finding-fix">
              <summary>
                How to fix ({f.remediation.length} {f.remediation.length === 1 ? 'snippet' : 'snippets'})
              </summary>
              {f.remediation.map((r) => (
                <RemediationSnippet key={`${r.kind}-${r.title}`} remediation={r} />
              ))}
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
