'use client';

import { PageError } from '@/components/page-error';

export default function CompareError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="This comparison could not be shown" message="sfn-lens failed while building this page. Reading AWS may work on a second try; the server log has the details." error={error} retry={retry} />;
}
