'use client';

import { PageError } from '@/components/page-error';

export default function SnapshotError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="This shared diagnosis could not be shown" message="sfn-lens could not read its snapshot store; the server log has the details." error={error} retry={retry} />;
}
