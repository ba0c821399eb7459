import { LmStudioError } from '../domain/errors.js';

/** Default cap on a whole (non-streamed) response body: far above any real answer or embedding batch. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a response body as text, at most `limit` bytes: a hostile or broken server cannot make the client
 * hold an endless body. A connection that drops mid-body is a `bad-response`, not "unreachable": the server
 * did answer.
 */
export async function readBodyText(response: Response, limit: number, what: string): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch (error) {
      throw new LmStudioError('bad-response', {
        status: response.status,
        message: `The connection closed before LM Studio's whole answer to ${what} arrived.`,
        hint: "The model may have crashed or been unloaded; check LM Studio's server log.",
        cause: error,
      });
    }
    if (read.done) break;
    size += read.value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      throw new LmStudioError('bad-response', {
        status: response.status,
        message: `LM Studio's answer to ${what} is larger than ${Math.round(limit / 1024 / 1024)} MiB; it was not read.`,
        hint: 'Raise maxResponseBytes if such answers are expected.',
      });
    }
    parts.push(decoder.decode(read.value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** How much of an error reply is kept: the server's message is in the first few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The same reply with its body cut to its first `limit` bytes (the rest is not read). Used for error replies,
 * whose text openapi-fetch would otherwise read whole, however large.
 */
export async function truncateBody(response: Response, limit: number): Promise<Response> {
  const body = response.body;
  if (!body) return response;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const read = await reader.read();
      if (read.done) break;
      chunks.push(read.value.subarray(0, limit - size));
      size += Math.min(read.value.byteLength, limit - size);
    }
  } catch {
    // A reply cut off mid-way: what arrived is still the server's message.
  }
  void reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
}
