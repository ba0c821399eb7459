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
