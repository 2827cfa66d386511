/** A labelled notice above a view: what failed, what is limited, what was scanned. */
export function Banner({ tone, title, children, testId }: { tone: 'info' | 'warn' | 'bad'; title?: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'info' ? 'note' : 'status'} data-testid={testId}>
      {title ? <strong className="banner-title">{title}</strong> : null}
      <div className="banner-body">{children}</div>
    </div>
  );
}
