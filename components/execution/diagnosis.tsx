import type { ReactNode } from 'react';
import type { EvidenceSource, Remediation, VerdictCause } from '@/lib/domain/types';
import type { ExecutionDto } from '@/lib/query/options';
import { causeTone } from './badges';
import { CauseBadge } from '../verdict/cause-badge';
import { CopyButton } from '../copy-button';
import styles from './execution.module.css';
import { formatEvidenceValue } from './format';

type VerdictDto = ExecutionDto['verdict'];
type Problems = NonNullable<ExecutionDto['logs']['problems']>;
type Health = ExecutionDto['health'];

const SOURCE_LABEL: Record<EvidenceSource, string> = {
  'step-functions': 'Step Functions',
  'cloudwatch-logs': 'CloudWatch Logs',
  'cloudwatch-metrics': 'CloudWatch metrics',
  iam: 'IAM',
  'sfn-lens': 'sfn-lens (derived)',
};

/** What to do when there is nothing to paste: absence is a state with its own words. */
const NO_REMEDIATION: Record<VerdictCause, string> = {
  consistent: 'Nothing to fix: both sides agree.',
  running: 'Nothing to fix yet: wait for the execution to end.',
  'log-lag': 'Nothing to fix: the events are late, not lost. Wait for the re-check.',
  'missing-permissions': 'No ready-made change: see the evidence for what blocks delivery.',
  'logging-config': 'No ready-made change: see the evidence for the logging setting at fault.',
  'best-effort-drop':
    'No configuration change would have saved these events: Step Functions delivers logs to CloudWatch Logs on a best-effort basis. Trust the Step Functions record, or the metrics, for this execution’s outcome.',
  'insufficient-evidence': 'Grant sfn-lens the reads named in the partial-read banners, then reload.',
};

const LANGUAGE_LABEL: Record<Remediation['language'], string> = { json: 'JSON', hcl: 'Terraform', shell: 'shell', text: 'text' };

function EvidenceTable({ evidence }: { evidence: VerdictDto['evidence'] }) {
  if (evidence.length === 0) return <p className="muted">The verdict lists no evidence.</p>;
  return (
    <table className={`grid ${styles.evidence}`} data-testid="evidence">
      <thead>
        <tr>
          <th scope="col">Evidence</th>
          <th scope="col">Value</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, i) => (
          <tr key={`${e.kind}-${i}`} data-testid="evidence-row" data-kind={e.kind}>
            <td>{e.label}</td>
            <td className={styles.evidenceValue}>{formatEvidenceValue(e.value)}</td>
            <td>
              <span className={styles.sourceChip}>{SOURCE_LABEL[e.source]}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RemediationList({ remediation, cause }: { remediation: Remediation[]; cause: VerdictCause }) {
  if (remediation.length === 0) return <p className={styles.statement}>{NO_REMEDIATION[cause]}</p>;
  return (
    <ol className={styles.remediations}>
      {remediation.map((r, i) => (
        <li key={`${r.kind}-${i}`} className={styles.remediation} data-testid="remediation">
          <div className={styles.remediationHead}>
            <span className={styles.remediationTitle}>{r.title}</span>
            <span className={styles.sourceChip}>{LANGUAGE_LABEL[r.language]}</span>
            <CopyButton text={r.text} className={`${styles.button} ${styles.copy}`} />
          </div>
          <pre className={styles.snippet}>{r.text}</pre>
        </li>
      ))}
    </ol>
  );
}

const PROBLEM_LABEL: Array<[keyof Omit<Problems, 'samples' | 'total'>, string]> = [
  ['nonJson', 'not JSON'],
  ['truncated', 'truncated'],
  ['recovered', 'truncated but recovered'],
  ['missingFields', 'without id, type or execution ARN'],
  ['invalidValues', 'with unusable values'],
  ['duplicates', 'duplicates (dropped)'],
  ['conflicts', 'conflicting duplicates'],
  ['foreign', 'of another execution'],
  ['validation', 'delivery-validation lines'],
  ['timestampFallbacks', 'without a usable event_timestamp'],
];

export function ParseProblems({ problems }: { problems: Problems | null }) {
  if (!problems) return null;
  const counted = PROBLEM_LABEL.filter(([k]) => problems[k] > 0);
  if (counted.length === 0) return null;
  return (
    <div className={styles.subsection} data-testid="parse-problems">
      <h3>Log messages sfn-lens could not take as they were</h3>
      <p>
        Of {problems.total} messages read: {counted.map(([k, label]) => `${problems[k]} ${label}`).join(', ')}.
      </p>
      {problems.samples.length > 0 ? (
        <ul className={styles.samples}>
          {problems.samples.map((s, i) => (
            <li key={i}>
              <span>{s.reason}</span>
              <code className={styles.excerpt}>{s.excerpt}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function HealthFindings({ health }: { health: Health }) {
  if (health.findings.length === 0) return null;
  return (
    <div className={styles.subsection}>
      <h3>
        Logging health of the state machine: <span className={styles[health.status === 'ok' ? 'okText' : health.status === 'warning' ? 'warnText' : 'badText']}>{health.status}</span>
      </h3>
      <ul className={styles.findings}>
        {health.findings.map((f) => (
          <li key={f.id} data-severity={f.severity}>
            <strong>{f.title}</strong> <span className="muted">{f.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The verdict with what it rests on and what to do. `live` holds what only a live page has (the
 * re-check countdown, a change notice); a snapshot shows the diagnosis without it.
 */
export function Diagnosis({ verdict, problems, health, live }: { verdict: VerdictDto; problems: Problems | null; health: Health; live?: ReactNode }) {
  return (
    <section className={`panel ${styles.diagnosis} ${styles[`tone-${causeTone(verdict.cause)}`]}`} aria-labelledby="diagnosis-heading" id="diagnosis" data-testid="diagnosis">
      <div className={styles.verdictHead}>
        <h2 id="diagnosis-heading" className={styles.panelTitle}>
          Diagnosis
        </h2>
        <CauseBadge cause={verdict.cause} large testId="verdict-cause" />
        <code className={styles.detailCode} data-testid="verdict-detail">
          {verdict.detail}
        </code>
        <span className={styles.confidence}>{verdict.confidence} confidence</span>
      </div>
      <p className={styles.summary} data-testid="verdict-summary">
        {verdict.summary}
      </p>
      {live}
      <h3>Evidence</h3>
      <EvidenceTable evidence={verdict.evidence} />
      <h3>Remediation</h3>
      <RemediationList remediation={verdict.remediation} cause={verdict.cause} />
      <ParseProblems problems={problems} />
      <HealthFindings health={health} />
    </section>
  );
}
