import { describe, expect, it } from 'vitest';
import { sharedBodyStream } from '@/lib/server/shared-body';

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

describe('sharedBodyStream (one encoded executions view answers every viewer)', () => {
  const bytes = new TextEncoder().encode(JSON.stringify({ executions: Array.from({ length: 3_000 }, (_, i) => ({ executionArn: `arn:…:${i}`, status: 'SUCCEEDED' })) }));

  it('delivers exactly the bytes, in order, to each of several concurrent viewers', async () => {
    const [a, b] = await Promise.all([chunksOf(sharedBodyStream(bytes)), chunksOf(sharedBodyStream(bytes))]);
    for (const chunks of [a, b]) {
      expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
      expect(chunks.length).toBeGreaterThan(1);
    }
  });

  it('hands out views of the shared buffer, never copies of it', async () => {
    const chunks = await chunksOf(sharedBodyStream(bytes));
    for (const c of chunks) expect(c.buffer).toBe(bytes.buffer);
  });

  it('produces nothing ahead of the reader (a slow socket holds a chunk, not the whole body)', async () => {
    let sliced = 0;
    class Counting extends Uint8Array {
      override subarray(begin?: number, end?: number): Uint8Array<ArrayBuffer> {
        sliced++;
        return super.subarray(begin, end) as Uint8Array<ArrayBuffer>;
      }
    }
    const counted = new Counting(bytes);
    const reader = sharedBodyStream(counted).getReader();
    await new Promise((r) => setTimeout(r, 20));
    expect(sliced).toBeLessThanOrEqual(1);
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(sliced).toBeLessThanOrEqual(2);
    reader.releaseLock();
  });

  it('answers an empty body with an empty stream', async () => {
    expect(await chunksOf(sharedBodyStream(new Uint8Array(0)))).toEqual([]);
  });
});
