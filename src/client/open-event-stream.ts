// Opening a streamed call, the same for every streaming surface (chat, native chat, responses): send under the
// stream's deadline, classify an error reply, hand over an event-stream body, and make sense of a 200 that is not one.
import { LmStudioError } from '../domain/errors.js';
import { classifyHttpError, extractServerError, tryParseJson, type RequestContext } from '../http/classify.js';
import type { Deadline } from '../http/deadline.js';
import { readBodyText } from '../http/read-body.js';
import { redact } from '../http/redact.js';
import type { Answer } from '../http/request.js';
import { asClientError, type ClientCore } from './core.js';

export interface EventStreamCall<W> {
  ctx: RequestContext;
  deadline: Deadline;
  /** Sends the request once to `baseUrl` (the connection retries and falls back). */
  send: (baseUrl: string, signal: AbortSignal) => Promise<Answer>;
  /** What was asked for, in the `bad-response` message: e.g. `a streamed chat`. */
  what: string;
  /**
   * A JSON object where a stream was expected (a server that ignored `stream: true`): the whole answer in the form
   * the stream reads, or `undefined` when it is not an answer of this protocol.
   */
  whole: (parsed: object, status: number) => W | undefined;
}

/**
 * The event-stream body of a streamed call, or the whole answer a server sent instead. Throws a classified
 * `LmStudioError`: the deadline's error (`timeout`, `aborted`), the connection's, the server's error reply (any
 * status, a 200 carrying an error too), or `bad-response` for a 200 that is neither a stream nor an answer.
 */
export async function openEventStream<W>(
  core: ClientCore,
  call: EventStreamCall<W>,
): Promise<{ body: ReadableStream<Uint8Array> } | { whole: W }> {
  const { connection } = core;
  const { ctx, deadline } = call;
  let result: Answer;
  try {
    result = await connection.send((baseUrl) => call.send(baseUrl, deadline.signal), { idempotent: false, signal: deadline.signal });
  } catch (error) {
    throw deadline.error ?? asClientError(error, connection);
  }
  const response = result.response;
  if (!response.ok) throw classifyHttpError(response.status, result.error, ctx);
  const type = response.headers.get('content-type') ?? '';
  // Media types are case-insensitive (`Text/Event-Stream; Charset=UTF-8` is an event stream).
  if (type.toLowerCase().includes('text/event-stream') && response.body) return { body: response.body };
  // A 200 that is not a stream: LM Studio's error bodies, or a server that ignored `stream: true`.
  const text = await readBodyText(response, core.maxResponseBytes, `${ctx.method} ${ctx.path}`, deadline.signal);
  const parsed = tryParseJson(text);
  if (extractServerError(parsed)) throw classifyHttpError(response.status, parsed, ctx);
  const whole = typeof parsed === 'object' && parsed !== null ? call.whole(parsed, response.status) : undefined;
  if (whole !== undefined) return { whole };
  throw new LmStudioError('bad-response', {
    status: response.status,
    message: `LM Studio answered ${call.what} with ${redact(type, core.secrets).slice(0, 100) || 'no content type'} instead of an event stream.`,
  });
}
