import type { Metadata } from 'next';
import Link from 'next/link';
import { getConfig } from '@/lib/config';
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
            region <strong>{cfg.region}</strong>
          </span>
        </header>
        <main>
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
