import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="panel">
      <h1>Not found</h1>
      <p>There is nothing at this address. It may have been mistyped, or the resource no longer exists.</p>
      <Link href="/">Back to the state machines</Link>
    </div>
  );
}
