import type { EventSourceMessage } from 'eventsource-parser';
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { ChatEvent, ChatResult } from '../domain/types.js';
import { classifyServerError, extractServerError, type RequestContext } from '../http/classify.js';
import type { Deadline } from '../http/deadline.js';
import { ChatAccumulator } from './chat-accumulator.js';
import { SseStream, type SseOpening, type StreamSink } from './sse-stream.js';
import { midStreamError, preview } from './stream-errors.js';

export { preview } from './stream-errors.js';

type Chunk = components['schemas']['ChatCompletionChunk'];

/** What opening the request produced: an event-stream body, or a whole answer already turned into a chunk. */
export type StreamOpening = { body: ReadableStream<Uint8Array> } | { chunk: Chunk };

export interface ChatStreamInit {
  requestedModel: string;
  /** Names of the offered tools, when calls written as text should be recovered. */
  recoverTools?: ReadonlySet<string> | undefined;
  /** Sends the request under `deadline`; throws a classified `LmStudioError` when there is no event stream. */
  open: (deadline: Deadline) => Promise<StreamOpening>;
  /** Makes the deadline for one call (timers start when the request is sent). */
  deadline: () => Deadline;
  idleMs: number;
  maxEventBytes: number;
  context: RequestContext;
}

/**
 * After the finish reason, how long to wait for what may still follow (the usage chunk, `[DONE]`, the end of the
 * body) before the complete answer is the result anyway: a server that never says `[DONE]` nor closes must not
 * turn a finished answer into an idle timeout.
 */
const AFTER_FINISH_MS = 2_000;

/** Reads `/v1/chat/completions` stream messages (chat chunks, `[DONE]`, error events) for `SseStream`. */
class ChatSink implements StreamSink<ChatResult> {
  /** `[DONE]` arrived. */
  ended = false;
  readonly graceAfterCompleteMs = AFTER_FINISH_MS;
  readonly truncatedMessage = 'LM Studio ended the stream before the answer was complete (no finish reason, no [DONE]).';
  private readonly acc: ChatAccumulator;
  private readonly ctx: RequestContext;
  private eventCount = 0;

  constructor(init: ChatStreamInit, emit: (event: ChatEvent) => void) {
    this.acc = new ChatAccumulator(init.requestedModel, emit, init.recoverTools);
    this.ctx = init.context;
  }

  /** A finish reason arrived: the answer is complete even if `[DONE]` never comes. */
  get complete(): boolean {
    return this.acc.complete;
  }

  message(event: EventSourceMessage): LmStudioError | undefined {
    this.eventCount++;
    const data = event.data;
    if (data === '[DONE]') {
      this.ended = true;
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      if (event.event === 'error') return classifyStreamError({ message: data.trim() || 'unknown error' }, this.ctx);
      return this.badEvent('is not JSON', data);
    }
    const serverError = extractServerError(parsed);
    if (event.event === 'error' || serverError) {
      return classifyStreamError(serverError ?? { message: preview(data, this.ctx.secrets) }, this.ctx);
    }
    if (typeof parsed !== 'object' || parsed === null) return this.badEvent('is not a chat chunk', data);
    this.acc.push(parsed as Chunk);
    return undefined;
  }

  /** `open` turned a whole answer into one chunk already. */
  whole(chunk: unknown): undefined {
    this.acc.push(chunk as Chunk);
    return undefined;
  }

  finish(): void {
    this.acc.finish();
  }

  result(): ChatResult {
    return this.acc.result();
  }

  stopEvents(): void {
    this.acc.stopEvents();
  }

  private badEvent(what: string, data: string): LmStudioError {
    return new LmStudioError('bad-response', {
      message: `LM Studio sent an event that ${what} (event ${this.eventCount}: ${preview(data, this.ctx.secrets)}).`,
    });
  }
}

/**
 * A streamed chat completion: iterate it for `ChatEvent`s, and/or await `result()` for the `ChatResult`.
 * The request starts at the first `next()` or `result()`. Leaving a `for await` early, the caller's signal,
 * and every error cancel the request and close the connection; nothing outlives the stream.
 * Fails with `stream-truncated` when the body ends before a finish reason or `[DONE]`, with `stream-error` (or
 * `context-overflow` / `auth`) for an error event, `bad-response` for an event that is not a chat chunk, and
 * `timeout` / `aborted` for the limits and the caller's signal; every failure carries `partial`.
 */
export class ChatStream extends SseStream<ChatEvent, ChatResult> {
  /** @internal Built by the client's `streamChat()`; users hold a `ChatStream`, they do not construct one. */
  constructor(init: ChatStreamInit) {
    super({ ...init, open: (deadline) => init.open(deadline).then(toSseOpening) }, (emit) => new ChatSink(init, emit));
  }
}

function toSseOpening(opening: StreamOpening): SseOpening {
  return 'chunk' in opening ? { whole: opening.chunk } : opening;
}

function classifyStreamError(server: { message: string; code?: string }, ctx: RequestContext): LmStudioError {
  const classified = classifyServerError(undefined, server, ctx);
  if (classified.code === 'context-overflow' || classified.code === 'auth') return classified;
  return midStreamError(classified);
}
