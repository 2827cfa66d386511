import 'server-only';

const CHUNK_BYTES = 64 * 1024;
/**
 * A response body over shared bytes without copying them. `new Response(uint8Array)` copies its body
 * (the Fetch standard's extract-a-body): megabytes per viewer, all at once when a slow read finishes
 * and every waiting viewer is answered. A stream hands out views of the one buffer, a chunk at a
 * time as the socket (and the gzip in front of it) takes them.
 */
export function sharedBodyStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        const end = Math.min(offset + CHUNK_BYTES, bytes.byteLength);
        controller.enqueue(bytes.subarray(offset, end));
        offset = end;
      },
    },
    { highWaterMark: 1 },
  );
}
