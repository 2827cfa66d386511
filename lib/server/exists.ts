import 'server-only';
import { findSourceOfArn } from '@/lib/aws/clients';
import { AwsReadError } from '@/lib/aws/errors';
import { describeExecution, describeStateMachine } from '@/lib/aws/step-functions';
import type { ParsedExecutionArn } from '@/lib/domain/arn';
import type { ExecutionDetail } from './execution-detail';
import { readSourceStateMachines } from './state-machines';

// Whether what a page names exists, decided before the page starts streaming: a streamed response
// has already sent 200 when a later notFound() runs (Next.js, loading.js "Status codes"), so an
// unknown state machine or execution answers 404 only when this is known before the first byte.
// Cheap reads only; a read that fails for another reason (denied, throttled) does not say "unknown":
// the page then renders and names that failure.

const isNotFound = (e: unknown) => e instanceof AwsReadError && e.kind === 'not-found';

/**
 * Whether Step Functions knows this state machine. The shared list (every view reads it, kept a
 * minute) answers most pages with no AWS request; one it does not name (new since, a version or
 * alias ARN, or the list failing) is asked with one DescribeStateMachine.
 */
export async function stateMachineExists(arn: string): Promise<boolean> {
  // An account and Region no source reads: sfn-lens knows nothing there (docs/sources.md).
  const source = findSourceOfArn(arn);
  if (!source) return false;
  try {
    const { value } = await readSourceStateMachines(source);
    if (value.machines.some((sm) => sm.arn === arn) || value.unread.some((sm) => sm.arn === arn)) return true;
  } catch {
    // The list could not be read: ask for this one below.
  }
  try {
    await describeStateMachine(arn);
    return true;
  } catch (e) {
    return !isNotFound(e);
  }
}

/**
 * What Step Functions says of an execution: `not-found` when its state machine does not exist;
 * `no-record` when AWS describes such executions (Standard, Map Run children) and has none of this
 * one — which is not proof: it forgets closed Standard executions after 90 days, while their logs
 * may be kept longer, so only the logs can then settle it; `found` otherwise (async Express
 * executions have no record to ask for, and a failed read is left to the view to name).
 */
export async function executionPresence(parsed: ParsedExecutionArn): Promise<'found' | 'no-record' | 'not-found'> {
  // DescribeExecution answers ExecutionDoesNotExist for an execution of an unknown state machine too:
  // the view then reads the state machine itself, and a missing one is a 404 there.
  if (!findSourceOfArn(parsed.arn)) return 'not-found';
  if (parsed.kind === 'standard' || parsed.mapRun !== null) {
    try {
      await describeExecution(parsed.arn);
      return 'found';
    } catch (e) {
      return isNotFound(e) ? 'no-record' : 'found';
    }
  }
  return (await stateMachineExists(parsed.stateMachineArn)) ? 'found' : 'not-found';
}

/**
 * An execution neither source knows: Step Functions answered ExecutionDoesNotExist and its log
 * group, read in full over the view's window, holds no event of it. (Logs that could not be read
 * prove nothing, and leave it known-unknown, not unknown.)
 */
export function isUnknownExecution(view: Pick<ExecutionDetail, 'service' | 'events' | 'partial'>): boolean {
  const noRecord = view.service === null && view.partial.some((p) => p.action === 'states:DescribeExecution' && p.error === 'ExecutionDoesNotExist');
  // Its own events read in full (a cut or failed FilterLogEvents read is named among the partial reads).
  const noEvents = view.events !== null && view.events.events.length === 0 && !view.partial.some((p) => p.action === 'logs:FilterLogEvents');
  return noRecord && noEvents;
}
