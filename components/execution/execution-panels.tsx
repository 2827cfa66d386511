import type { ExecutionDto } from '@/lib/query/options';
import { LogsPanel } from './logs-panel';
import { ServicePanel } from './service-panel';
import styles from './execution.module.css';

/** The two sources side by side: what Step Functions records, what CloudWatch Logs received. */
export function ExecutionPanels({ data, payloadsOmitted = false }: { data: ExecutionDto; payloadsOmitted?: boolean }) {
  return (
    <div className={styles.panels}>
      <ServicePanel service={data.service} generatedAt={data.generatedAt} payloadsOmitted={payloadsOmitted} />
      <LogsPanel logs={data.logs} stateMachine={data.stateMachine} window={data.window} />
    </div>
  );
}
