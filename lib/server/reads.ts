import 'server-only';
import { toAwsReadError } from '@/lib/aws/errors';
import type { PartialRead, QueryStatistics } from '@/lib/domain/types';

/**
 * Collects the reads of one view. A failed read becomes a labelled PartialRead (what could not be
 * read, which action, which error) and the view goes on with what still worked.
 */
export class ReadLog {
  readonly partial: PartialRead[] = [];

  async attempt<T>(what: string, action: string, fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (e) {
      const err = toAwsReadError(e, action);
      this.partial.push({ action: err.action, error: err.awsName, message: err.message, what });
      return null;
    }
  }
}

/** Adds one Logs Insights query's statistics to a view's running total of what it scanned. */
export function addQueryStats(into: QueryStatistics & { queries: number }, s: QueryStatistics): void {
  into.queries++;
  into.recordsMatched += s.recordsMatched;
  into.recordsScanned += s.recordsScanned;
  into.bytesScanned += s.bytesScanned;
  into.estimatedBytesSkipped = (into.estimatedBytesSkipped ?? 0) + (s.estimatedBytesSkipped ?? 0);
  into.estimatedRecordsSkipped = (into.estimatedRecordsSkipped ?? 0) + (s.estimatedRecordsSkipped ?? 0);
}
