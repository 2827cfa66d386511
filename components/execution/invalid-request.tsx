import Link from 'next/link';

/** A request sfn-lens refuses (the API's 400), with its message, on a page. */
export function InvalidRequest({ title, message }: { title: string; message: string }) {
  return (
    <div className="panel error-box" role="alert" data-testid="invalid-request">
      <h1>{title}</h1>
      <p>{message}</p>
      <Link href="/">Back to the state machines</Link>
    </div>
  );
}
