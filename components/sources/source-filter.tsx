import type { SourceInfo } from '@/lib/server/overview';

/**
 * The account and Region filters of the overview and the ops view: a plain GET form, so the filters
 * are in the URL (a wall screen's link keeps them) and work before any script has loaded. Shown when
 * there is more than one source to choose from, or a filter is set.
 */
export function SourceFilter({
  sources,
  filter,
  range,
}: {
  sources: readonly Pick<SourceInfo, 'accountId' | 'region' | 'name'>[];
  filter: { account: string | null; region: string | null };
  range: { from?: string | null; to?: string | null };
}) {
  const accounts = new Map<string, string>();
  for (const s of sources) if (s.accountId !== null && !accounts.has(s.accountId)) accounts.set(s.accountId, s.name === s.accountId ? s.accountId : `${s.name} (${s.accountId})`);
  const regions = [...new Set(sources.map((s) => s.region))].sort();
  if (sources.length <= 1 && filter.account === null && filter.region === null) return null;
  return (
    <form method="get" className="source-filter toolbar" aria-label="Filter by account and Region" data-testid="source-filter">
      {range.from ? <input type="hidden" name="from" value={range.from} /> : null}
      {range.to ? <input type="hidden" name="to" value={range.to} /> : null}
      <label>
        Account{' '}
        <select name="account" defaultValue={filter.account ?? ''}>
          <option value="">all accounts</option>
          {[...accounts].map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Region{' '}
        <select name="region" defaultValue={filter.region ?? ''}>
          <option value="">all Regions</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
