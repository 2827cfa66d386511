import Link from 'next/link';

export default function StateMachineNotFound() {
  return (
    <div className="panel" data-testid="state-machine-not-found">
      <h1>No such state machine</h1>
      <p>
        Step Functions knows no state machine at this ARN in this account and region. It may have been deleted, or the link may point at another account or
        region.
      </p>
      <Link href="/">See the state machines of this region</Link>
    </div>
  );
}
