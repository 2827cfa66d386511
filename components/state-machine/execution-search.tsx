'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError } from '@/lib/query/fetch-json';
import { searchOptions, type SearchDto, type SearchEstimateDto, type WindowParams } from '@/lib/query/options';
import { formatBytes, formatUsd, INSIGHTS_USD_PER_GB } from '@/lib/domain/scan-cost';
import { formatCount } from '@/lib/domain/format';
import { Banner } from '../banner';
import { PartialReads } from '../execution/partial-reads';
import { ExecutionsTable } from './executions-table';

const BASIS: Record<SearchEstimateDto['basis'], string> = {
  'last-scan': 'the last search of this same window',
  'view-scan': 'what the executions view of this range scanned',
  'scan-rate': 'the bytes per hour of the last search of this log group',
  'stored-bytes': 'the log group’s stored bytes spread over the days it keeps',
  unknown: 'nothing: the log group’s size is not known',
};

/** The search box of the state machine page: what the executions carried (`?search=`, docs/search.md). */
export function ExecutionSearchForm({ search, onSearch }: { search: string | null; onSearch: (text: string | null) => void }) {
  const id = useId();
  const [text, setText] = useState(search ?? '');
  const [urlText, setUrlText] = useState(search);
  if (search !== urlText) {
    // The URL changed under us (back/forward): follow it.
    setUrlText(search);
    setText(search ?? '');
  }
  return (
    <form
      className="filter-fields search-form"
      role="search"
      aria-label="Search executions by what they carried"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim() || null);
      }}
    >
      <label htmlFor={`${id}-search`}>Search input, output and errors</label>
      <input
        id={`${id}-search`}
        type="search"
        name="search"
        placeholder="orderId=4711, a piece of text, an error name"
        value={text}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        data-testid="search-input"
      />
      <button type="submit" className="btn btn-small">
        Search the logs
      </button>
      {search !== null ? (
        <button type="button" className="btn btn-small" onClick={() => onSearch(null)}>
          Back to all executions
        </button>
      ) : null}
    </form>
  );
}

/**
 * A search's answer: the matching executions in the executions table with their verdicts, what the
 * scan really read; or the confirmation it asks for first; or why the logs cannot answer it.
 */
export function ExecutionSearchResults({ arn, range, search, rangeWords }: { arn: string; range: WindowParams; search: string; rangeWords: string }) {
  const [confirmAbove, setConfirmAbove] = useState<number | null>(null);
  const query = useQuery(searchOptions(arn, range, search, confirmAbove));
  const outcome = query.data;

  if (query.isError) {
    const api = query.error instanceof ApiError ? query.error : null;
    return (
      <Banner tone="bad" title="The search failed" testId="search-failed">
        {query.error.message}
        {api?.action ? ` (AWS action: ${api.action})` : ''}
      </Banner>
    );
  }
  if (!outcome) {
    return (
      <p className="muted" aria-busy="true" data-testid="search-running">
        Searching the log group for {search}…
      </p>
    );
  }
  if (outcome.kind === 'unavailable') {
    return (
      <Banner tone="warn" title="Search cannot work for this state machine" testId="search-unavailable">
        {outcome.message}
      </Banner>
    );
  }
  if (outcome.kind === 'confirm') {
    const e = outcome.estimate;
    return (
      <div className="panel search-confirm" role="alertdialog" aria-labelledby="search-confirm-h" data-testid="search-confirm">
        <h3 id="search-confirm-h">Run this search?</h3>
        <p>
          {e.bytes === null ? (
            <>How much it would scan cannot be estimated ({BASIS.unknown}).</>
          ) : (
            <>
              It is expected to scan about <strong>{formatBytes(e.bytes)}</strong> ({formatUsd(e.usd ?? 0)} at USD {INSIGHTS_USD_PER_GB}/GB), estimated from {BASIS[e.basis]}
              {e.typeIndex ? '; the type field index will skip every event but the executions’ start and end, so it should read less' : ''}.
            </>
          )}{' '}
          Searches over {formatBytes(e.confirmAboveBytes)} run only when confirmed.
        </p>
        <button type="button" className="btn" onClick={() => setConfirmAbove(e.bytes ?? 0)}>
          Run the search
        </button>
      </div>
    );
  }
  return <SearchDone result={outcome.result} rangeWords={rangeWords} />;
}

function SearchDone({ result, rangeWords }: { result: SearchDto; rangeWords: string }) {
  const n = result.executions.length + result.notInView.length;
  const s = result.scanned;
  return (
    <div className="search-results" data-testid="search-results">
      <p className="search-summary" data-testid="search-summary" aria-live="polite">
        <strong>
          {formatCount(n)} {n === 1 ? 'execution carries' : 'executions carry'} {result.search}
        </strong>{' '}
        in the {rangeWords}
        {result.limitReached ? ' (the first 1,000 found: older ones may be missing)' : ''}. Logs Insights scanned{' '}
        <span data-testid="search-scanned">{formatBytes(s.bytesScanned)}</span> ({formatCount(s.recordsScanned)} records, estimated {formatUsd(s.usd)})
        {result.estimate.bytes !== null ? `; ${formatBytes(result.estimate.bytes)} was estimated before it ran` : ''}.
      </p>
      <PartialReads partial={result.partial} />
      {result.executions.length > 0 ? <ExecutionsTable rows={result.executions} generatedAt={result.generatedAt} windowFrom={result.window.from} /> : null}
      {result.notInView.length > 0 ? (
        <div className="panel" data-testid="search-not-in-view">
          <p>
            {formatCount(result.notInView.length)} {result.notInView.length === 1 ? 'match is' : 'matches are'} not in the executions table of this range (its own row limit, or it could not be read), so no verdict is shown:
          </p>
          <ul>
            {result.notInView.slice(0, 50).map((m) => (
              <li key={m.executionArn}>
                <code>{m.executionArn}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {n === 0 && result.status === 'Complete' ? (
        <div className="panel empty" data-testid="search-empty">
          <h3>No execution carries {result.search} in the {rangeWords}</h3>
          <p className="muted">Only the executions’ start and end events are searched (their input, output, error and cause), as logged.</p>
        </div>
      ) : null}
      <details className="muted">
        <summary>The Logs Insights query on {result.logGroupName}</summary>
        <pre>{result.query}</pre>
      </details>
    </div>
  );
}
