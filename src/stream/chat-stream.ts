import type { EventSourceMessage } from 'eventsource-parser';
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { ChatEvent, ChatResult } from '../domain/types.js';
import { asLmStudioError, classifyServerError, extractServerError, type RequestContext } from '../http/classify.js';
import { platformTimeout } from '../http/platform-fetch.js';
import { redact, redactError } from '../http/redact.js';
import type { Deadline } from '../http/deadline.js';
import { ChatAccumulator } from './chat-accumulator.js';
import { SseDecoder } from './sse-decoder.js';
import { closeAfterEnd } from './sse-stream.js';

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

type State = 'idle' | 'running' | 'done' | 'failed';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * After the finish reason, how long to wait for what may still follow (the usage chunk, `[DONE]`, the end of the
 * body) before the complete answer is the result anyway: a server that never says `[DONE]` nor closes must not
 * turn a finished answer into an idle timeout.
 */
const AFTER_FINISH_MS = 2_000;

/**
 * A streamed chat completion: iterate it for `ChatEvent`s, and/or await `result()` for the `ChatResult`.
 * The request starts at the first `next()` or `result()`. Leaving a `for await` early, the caller's signal,
 * and every error cancel the request and close the connection; nothing outlives the stream.
 */
export class ChatStream implements AsyncIterable<ChatEvent>, AsyncIterator<ChatEvent> {
  private state: State = 'idle';
  private failure: LmStudioError | undefined;
  private readonly acc: ChatAccumulator;
  private queue: ChatEvent[] = [];
  private head = 0;
  private deadline: Deadline | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private decoder: SseDecoder | undefined;
  private sawEvent = false;
  private sawDone = false;
  private eventCount = 0;
  private draining = false;
  private iterated = false;
  private finishSeen = false;
  private settle!: { resolve: (r: ChatResult) => void; reject: (e: LmStudioError) => void };
  private readonly settled: Promise<ChatResult>;
  private pumping: Promise<void> | undefined;

  /** @internal Built by the client's `streamChat()`; users hold a `ChatStream`, they do not construct one. */
  constructor(private readonly init: ChatStreamInit) {
    this.settled = new Promise<ChatResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // The outcome is also delivered through next(); a caller who never asks for result() must not see an
    // unhandled rejection.
    this.settled.catch(() => undefined);
    this.acc = new ChatAccumulator(
      init.requestedModel,
      (event) => {
        this.queue.push(event);
      },
      init.recoverTools,
    );
  }

  /** The stream is its own iterator: `for await (const event of stream)`. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * The whole answer. Awaitable with or without iterating: it reads the stream to its end itself. When nobody
   * has started iterating by the end of the current tick, no events are made; otherwise they stay queued for the
   * loop (which fails with `aborted` if it is left early).
   */
  result(): Promise<ChatResult> {
    queueMicrotask(() => {
      // Nobody iterating: read on without making events. Iterating: read on, keeping events for the loop.
      if (this.state === 'idle' || this.state === 'running') void this.drain(!this.iterated);
    });
    return this.settled;
  }

  /** The next event; the first call sends the request. Rejects with an {@link LmStudioError} on failure. */
  next(): Promise<IteratorResult<ChatEvent>> {
    this.iterated = true;
    if (this.head < this.queue.length) return Promise.resolve({ done: false, value: this.take() });
    return this.nextSlow();
  }

  /** Leaving a `for await` early (break, return, or a throw in its body) cancels the request. */
  return(): Promise<IteratorResult<ChatEvent>> {
    if (this.state === 'idle' || this.state === 'running') {
      this.fail(new LmStudioError('aborted', { message: 'The stream was closed before it ended.' }));
    }
    this.queue = [];
    this.head = 0;
    return Promise.resolve(DONE);
  }

  private take(): ChatEvent {
    const event = this.queue[this.head] as ChatEvent;
    this.head++;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return event;
  }

  private async nextSlow(): Promise<IteratorResult<ChatEvent>> {
    for (;;) {
      if (this.head < this.queue.length) return { done: false, value: this.take() };
      if (this.state === 'done') return DONE;
      if (this.state === 'failed') throw this.failure as LmStudioError;
      await this.step();
    }
  }

  private async drain(dropEvents: boolean): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    if (dropEvents) {
      // No one reads events: stop making them, and drop what is queued.
      this.acc.stopEvents();
      this.queue = [];
      this.head = 0;
    }
    while (this.state === 'idle' || this.state === 'running') await this.step();
  }

  /** One unit of work: open the request, or read and parse one body chunk. Never runs twice at once. */
  private step(): Promise<void> {
    if (!this.pumping) {
      this.pumping = this.stepOnce()
        // Nothing below should throw; if something does, the caller still gets a typed error, never a raw one.
        .catch((error: unknown) => this.fail(asLmStudioError(error, this.init.context.secrets)))
        .finally(() => {
          this.pumping = undefined;
        });
    }
    return this.pumping;
  }

  private async stepOnce(): Promise<void> {
    if (this.state === 'idle') {
      await this.open();
      return;
    }
    if (this.state !== 'running' || !this.reader || !this.decoder) return;
    const deadline = this.deadline as Deadline;
    let read: ReadableStreamReadResult<Uint8Array>;
    deadline.readStarted();
    try {
      read = await this.reader.read();
    } catch (error) {
      this.onReadError(error);
      return;
    } finally {
      deadline.readEnded();
    }
    if (this.state !== 'running') return;
    if (read.done) {
      this.decoder.end();
      if (this.state === 'running') this.endOfBody();
      return;
    }
    this.decoder.feed(read.value);
    if (this.decoder.oversize && this.state === 'running') {
      this.fail(
        new LmStudioError('bad-response', {
          message: `LM Studio sent an event larger than ${Math.round(this.init.maxEventBytes / 1024)} KiB; the stream was stopped.`,
          hint: 'Raise maxEventBytes if such events are expected.',
        }),
      );
    } else if (this.sawDone && this.state === 'running') {
      this.complete();
    } else if (!this.finishSeen && this.acc.complete) {
      // Once per stream (a check per read, not per event): the answer is whole, only the epilogue may follow.
      this.finishSeen = true;
      deadline.startIdleWatch(Math.min(this.init.idleMs, AFTER_FINISH_MS));
    }
  }

  private async open(): Promise<void> {
    this.state = 'running';
    const deadline = this.init.deadline();
    this.deadline = deadline;
    // A limit or the caller's signal ends the stream at once, even while no read is pending (a read after the
    // abort may never settle once the whole body has arrived).
    deadline.signal.addEventListener(
      'abort',
      () => {
        const error = deadline.error ?? new LmStudioError('aborted', { message: 'The request was aborted.' });
        // A limit passing after the finish reason ends a complete answer: that is the result, not a timeout.
        if (error.code === 'timeout' && this.acc.complete) this.complete();
        else this.fail(error);
      },
      { once: true },
    );
    let opening: StreamOpening;
    try {
      opening = await this.init.open(deadline);
    } catch (error) {
      this.fail(asLmStudioError(deadline.error ?? error, this.init.context.secrets), false);
      return;
    }
    if (this.state !== 'running') {
      if ('body' in opening) void opening.body.cancel().catch(() => undefined);
      return;
    }
    if ('chunk' in opening) {
      this.acc.push(opening.chunk);
      this.complete();
      return;
    }
    this.reader = opening.body.getReader();
    this.decoder = new SseDecoder((event) => this.onEvent(event), this.init.maxEventBytes);
  }

  private onEvent(event: EventSourceMessage): void {
    if (this.state !== 'running' || this.sawDone) return;
    this.eventCount++;
    if (!this.sawEvent) {
      this.sawEvent = true;
      this.deadline?.startIdleWatch(this.init.idleMs);
    }
    const data = event.data;
    if (data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      if (event.event === 'error') {
        this.fail(classifyStreamError({ message: data.trim() || 'unknown error' }, this.init.context));
        return;
      }
      this.fail(
        new LmStudioError('bad-response', {
          message: `LM Studio sent an event that is not JSON (event ${this.eventCount}: ${preview(data, this.init.context.secrets)}).`,
        }),
      );
      return;
    }
    const serverError = extractServerError(parsed);
    if (event.event === 'error' || serverError) {
      this.fail(classifyStreamError(serverError ?? { message: preview(data, this.init.context.secrets) }, this.init.context));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) {
      this.fail(
        new LmStudioError('bad-response', {
          message: `LM Studio sent an event that is not a chat chunk (event ${this.eventCount}: ${preview(data, this.init.context.secrets)}).`,
        }),
      );
      return;
    }
    this.acc.push(parsed as Chunk);
  }

  private endOfBody(): void {
    if (this.sawDone || this.acc.complete) {
      this.complete();
      return;
    }
    this.fail(
      new LmStudioError('stream-truncated', {
        message: 'LM Studio ended the stream before the answer was complete (no finish reason, no [DONE]).',
        hint: 'The model may have crashed or been unloaded; check LM Studio\'s server log.',
      }),
    );
  }

  private onReadError(error: unknown): void {
    if (this.state !== 'running') return;
    if (this.sawDone || this.acc.complete) {
      // Everything arrived; only the connection's goodbye was lost.
      this.complete();
      return;
    }
    const own = this.deadline?.error ?? platformTimeout(error);
    if (own) {
      this.fail(own);
      return;
    }
    this.fail(
      new LmStudioError('stream-truncated', {
        message: 'The connection to LM Studio closed in the middle of the answer.',
        hint: 'The model may have crashed or been unloaded; check LM Studio\'s server log.',
        cause: error,
      }),
    );
  }

  private complete(): void {
    this.acc.finish();
    this.state = 'done';
    this.release();
    this.settle.resolve(this.acc.result());
  }

  private fail(error: LmStudioError, withPartial = true): void {
    if (this.state === 'done' || this.state === 'failed') return;
    this.state = 'failed';
    if (withPartial && !error.partial) error.partial = this.acc.result();
    // Whatever the server echoed (content, model id, tool arguments) leaves without the API key.
    redactError(error, this.init.context.secrets);
    this.failure = error;
    this.deadline?.fail(error);
    this.release();
    this.settle.reject(error);
  }

  /** Closes the body at once (never waits for EOF: a kept-alive connection must not hang) and stops timers. */
  private release(): void {
    this.deadline?.dispose();
    const reader = this.reader;
    this.reader = undefined;
    if (!reader) return;
    if (this.state === 'done' && this.sawDone) closeAfterEnd(reader);
    else void reader.cancel().catch(() => undefined);
  }
}

function classifyStreamError(server: { message: string; code?: string }, ctx: RequestContext): LmStudioError {
  const classified = classifyServerError(undefined, server, ctx);
  if (classified.code === 'context-overflow' || classified.code === 'auth') return classified;
  return new LmStudioError('stream-error', {
    message: `LM Studio reported an error in the middle of the stream: ${classified.serverMessage ?? 'unknown error'}.`,
    hint: "Check LM Studio's server log.",
    ...(classified.serverMessage !== undefined ? { serverMessage: classified.serverMessage } : {}),
  });
}

/** A short, secret-free quote of server data for a message. */
export function preview(text: string, secrets: readonly string[]): string {
  const oneLine = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 80)}…` : oneLine);
}
