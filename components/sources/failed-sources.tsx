import { Banner } from '../banner';

/** Sources that could not be read, each named with what failed: the rest of the view is theirs to complete. */
export function FailedSources({ failed }: { failed: ReadonlyArray<{ source: { key: string; label: string }; error: { message: string } }> }) {
  if (failed.length === 0) return null;
  return (
    <Banner tone="bad" title={`${failed.length === 1 ? 'One source' : `${failed.length} sources`} could not be read, so ${failed.length === 1 ? 'its' : 'their'} state machines are not shown:`} testId="failed-sources">
      <ul className="failed-sources">
        {failed.map((f) => (
          <li key={f.source.key} data-source={f.source.key}>
            <strong>{f.source.label}</strong> — {f.error.message}
          </li>
        ))}
      </ul>
    </Banner>
  );
}
