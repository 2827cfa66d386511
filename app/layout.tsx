import type { Metadata } from 'next';
import Link from 'next/link';
import { getConfig } from '@/lib/config';
import { allSources } from '@/lib/server/sources';
import { Providers } from './providers';
import './globals.css';

// Every page is rendered per request: it names the account it looks at (configuration at run time,
// not at build time), and its scripts carry the request's CSP nonce (proxy.ts).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'sfn-lens', template: '%s · sfn-lens' },
  description: 'Step Functions executions, side by side with what CloudWatch Logs received, and why they disagree.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const cfg = getConfig();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">sfn-lens</Link>
          <nav aria-label="Main">
            <Link href="/">State machines</Link>
            <Link href="/ops">Ops view</Link>
          </nav>
          <span className="account" data-testid="account">
            {cfg.source === 'sim' ? <span className="badge sim">simulated account</span> : <span className="badge">{cfg.accountLabel}</span>}{' '}
            <SourcesLabel region={cfg.region} />
          </span>
        </header>
        <main>
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}

/** The Region sfn-lens reads, or with several sources (docs/sources.md) how many accounts and Regions: the default Region is not theirs. */
function SourcesLabel({ region }: { region: string }) {
  let sources: ReturnType<typeof allSources>;
  try {
    sources = allSources();
  } catch {
    // A configuration file that is wrong is named by the views that read it; the header stays.
    return (
      <>
        region <strong>{region}</strong>
      </>
    );
  }
  if (sources.length <= 1) {
    return (
      <>
        region <strong>{sources[0]?.region ?? region}</strong>
      </>
    );
  }
  const accounts = new Set(sources.map((s) => s.accountId)).size;
  const regions = new Set(sources.map((s) => s.region)).size;
  return (
    <span data-testid="sources-count" title={sources.map((s) => `${s.name}: ${s.accountId ?? 'default credentials'} in ${s.region}`).join('\n')}>
      <strong>{sources.length}</strong> sources: {accounts} {accounts === 1 ? 'account' : 'accounts'} × {regions} {regions === 1 ? 'Region' : 'Regions'}
    </span>
  );
}
