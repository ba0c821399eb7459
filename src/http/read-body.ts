import { LmStudioError } from '../domain/errors.js';
import { platformTimeout } from './platform-fetch.js';

/** Default cap on a whole (non-streamed) response body: far above any real answer or embedding batch. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a response body as text, at most `limit` bytes: a hostile or broken server cannot make the client
 * hold an endless body. A connection that drops mid-body is a `bad-response`, not "unreachable": the server
 * did answer. Every read is raced against `signal`: a body whose read never settles (Node's fetch under a lying
 * `Content-Encoding`) still ends at the call's deadline or abort, with the signal's reason.
 */
export async function readBodyText(response: Response, limit: number, what: string, signal?: AbortSignal): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const stop = signal ? abortedPromise(signal) : undefined;
  let size = 0;
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await (stop ? Promise.race([reader.read(), stop.promise]) : reader.read());
      } catch (error) {
        if (error instanceof LmStudioError) throw error;
        throw (
          platformTimeout(error) ??
          new LmStudioError('bad-response', {
            status: response.status,
            message: `The connection closed before LM Studio's whole answer to ${what} arrived.`,
            hint: "The model may have crashed or been unloaded; check LM Studio's server log.",
            cause: error,
          })
        );
      }
      if (read.done) break;
      size += read.value.byteLength;
      if (size > limit) {
        throw new LmStudioError('bad-response', {
          status: response.status,
          message: `LM Studio's answer to ${what} is larger than ${describeBytes(limit)}; it was not read.`,
          hint: 'Raise maxResponseBytes if such answers are expected.',
        });
      }
      parts.push(decoder.decode(read.value, { stream: true }));
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    stop?.dispose();
  }
  parts.push(decoder.decode());
  return parts.join('');
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;
}

/**
 * A promise that rejects when `signal` fires: with its reason when that is an `LmStudioError` (a deadline's
 * timeout or abort), else with `aborted`. `dispose()` removes the listener.
 */
export function abortedPromise(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = (): void => {
      const reason: unknown = signal.reason;
      reject(reason instanceof LmStudioError ? reason : new LmStudioError('aborted', { message: 'The request was aborted.' }));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return {
    promise,
    dispose: () => {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    },
  };
}

/** How much of an error reply is kept: the server's message is in the first few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The same reply with its body cut to its first `limit` bytes (the rest is not read). Used for error replies,
 * whose text openapi-fetch would otherwise read whole, however large.
 */
export async function truncateBody(response: Response, limit: number, signal?: AbortSignal): Promise<Response> {
  const body = response.body;
  if (!body) return response;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  const stop = signal ? abortedPromise(signal) : undefined;
  let size = 0;
  try {
    while (size < limit) {
      const read = await (stop ? Promise.race([reader.read(), stop.promise]) : reader.read());
      if (read.done) break;
      chunks.push(read.value.subarray(0, limit - size));
      size += Math.min(read.value.byteLength, limit - size);
    }
  } catch (error) {
    // The call's deadline or abort ends the read; a reply cut off mid-way is still the server's message.
    if (error instanceof LmStudioError) {
      void reader.cancel().catch(() => undefined);
      throw error;
    }
  } finally {
    stop?.dispose();
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
