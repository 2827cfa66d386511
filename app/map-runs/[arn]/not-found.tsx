import Link from 'next/link';

export default function MapRunNotFound() {
  return (
    <div className="panel" data-testid="map-run-not-found">
      <h1>No such Map Run</h1>
      <p>Step Functions knows no Map Run at this ARN in this account and region. The link may point at another account or region.</p>
      <Link href="/">See the state machines of this region</Link>
    </div>
  );
}
