import { safeNext } from '@/lib/auth';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  return (
    <div className="panel" style={{ maxWidth: 420 }}>
      <h1>Sign in to sfn-lens</h1>
      <p className="muted">This dashboard is shared by a team: enter the access secret your team configured.</p>
      {error ? (
        <p role="alert" className="error-box" style={{ paddingLeft: 8 }}>
          That secret is not right.
        </p>
      ) : null}
      <form method="post" action="/api/login">
        <input type="hidden" name="next" value={safeNext(next)} />
        <label htmlFor="secret">Access secret</label>{' '}
        <input id="secret" name="secret" type="password" autoComplete="current-password" required autoFocus />{' '}
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
