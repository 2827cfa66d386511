import type { ExecutionsDto } from '@/lib/query/options';
import { CopyButton } from '../copy-button';
import { HealthBadge } from '../health/health-badge';
import { HealthFindings } from '../health/health-findings';

/** Name, type, logging configuration and logging health of a state machine. */
export function StateMachineHeader({ stateMachine, health, toolbar }: { stateMachine: ExecutionsDto['stateMachine']; health: ExecutionsDto['health']; toolbar?: React.ReactNode }) {
  const { logging } = stateMachine;
  return (
    <header className="sm-header">
      <div className="sm-title">
        <h1>{stateMachine.name}</h1>
        <span className="badge type-badge">{stateMachine.type}</span>
        <HealthBadge status={health.status} />
        {toolbar}
      </div>
      <div className="sm-arn">
        <code>{stateMachine.arn}</code> <CopyButton text={stateMachine.arn} label="Copy the state machine ARN" />
      </div>
      <div className="sm-columns">
        <section className="panel sm-config" aria-labelledby="logging-config-h">
          <h2 id="logging-config-h">Logging configuration</h2>
          <dl className="kv">
            <dt>Level</dt>
            <dd>
              <strong>{logging.level}</strong>
            </dd>
            <dt>Execution data</dt>
            <dd>{logging.includeExecutionData ? 'included' : 'excluded'}</dd>
            <dt>Destination</dt>
            <dd className="mono wrap">{logging.logGroupArn ?? <span className="muted">none configured</span>}</dd>
            <dt>Execution role</dt>
            <dd className="mono wrap">{stateMachine.roleArn ?? <span className="muted">none</span>}</dd>
            <dt>Delivery</dt>
            <dd>
              {health.delivery === 'working' ? 'events are arriving' : health.delivery === 'broken' ? <strong className="text-bad">broken</strong> : <span className="muted">not established</span>}
              {health.missingRoleActions && health.missingRoleActions.length > 0 ? (
                <span className="muted" title={health.missingRoleActions.join(', ')}>
                  {' '}
                  · role lacks {health.missingRoleActions.length > 3 ? `${health.missingRoleActions.length} of the 10 documented logs actions` : health.missingRoleActions.join(', ')}
                </span>
              ) : null}
            </dd>
          </dl>
        </section>
        <section className="panel sm-health" aria-labelledby="logging-health-h">
          <h2 id="logging-health-h">
            Logging health <HealthBadge status={health.status} />
          </h2>
          <HealthFindings findings={health.findings} />
        </section>
      </div>
    </header>
  );
}
