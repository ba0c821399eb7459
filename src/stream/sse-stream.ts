import type { EventSourceMessage } from 'eventsource-parser';
import { LmStudioError } from '../domain/errors.js';
import type { ChatResult } from '../domain/types.js';
import { asLmStudioError, type RequestContext } from '../http/classify.js';
import type { Deadline } from '../http/deadline.js';
import { platformTimeout } from '../http/platform-fetch.js';
import { redactError } from '../http/redact.js';
import { SseDecoder } from './sse-decoder.js';

/**
 * What a protocol adds to `SseStream`: it reads each SSE message, decides events and the result. The stream's
 * rules (limits, abort, early break, `partial`) are the same for every protocol; only the meaning of a message differs.
 */
export interface StreamSink<R> {
  /** One SSE message; returns the error that ends the stream, if the message reports or is one. */
  message(event: EventSourceMessage): LmStudioError | undefined;
  /** A whole (non-streamed) answer where a stream was expected; returns an error when it is not one. */
  whole(body: unknown): LmStudioError | undefined;
  /** The terminal event arrived: the stream is complete without waiting for the body's end. */
  readonly ended: boolean;
  /** Enough arrived that the body's end (or a lost goodbye) is success, not truncation. */
  readonly complete: boolean;
  /** Finalise (open tool calls, held text). */
  finish(): void;
  /** The result as it stands; final after `finish()`. */
  result(): R;
  /** From now on only accumulate: nobody reads the events. */
  stopEvents(): void;
  /**
   * Optional: the sink tells the deadline about life itself (e.g. native chat, where progress before the first
   * token re-arms the first-token limit); the first event then does not start the idle watch.
   */
  watch?(deadline: Deadline, idleMs: number): void;
  /**
   * Optional: once `complete`, how long to wait at most for what may still follow (an epilogue, the terminal event,
   * the body's end) before the complete answer is the result anyway (the idle limit drops to this, if lower).
   */
  readonly graceAfterCompleteMs?: number;
  /** Optional: the message of the `stream-truncated` error when the body ends before the answer is complete. */
  readonly truncatedMessage?: string;
}

/** What opening the request produced: an event-stream body, or a whole answer (a server that ignored `stream`). */
export type SseOpening = { body: ReadableStream<Uint8Array> } | { whole: unknown };

export interface SseStreamInit {
  /** Sends the request under `deadline`; throws a classified `LmStudioError` when there is no answer to read. */
  open: (deadline: Deadline) => Promise<SseOpening>;
  /** Makes the deadline for one call (timers start when the request is sent). */
  deadline: () => Deadline;
  idleMs: number;
  maxEventBytes: number;
  context: RequestContext;
}

type State = 'idle' | 'running' | 'done' | 'failed';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * An event stream over one HTTP response, for any protocol whose messages a `StreamSink` reads: iterate it for
 * events, and/or await `result()`. The request starts at the first `next()` or `result()`; one parser is fed
 * straight from the body reader; first-token, idle and total limits come from the `Deadline`; leaving a
 * `for await` early, the caller's signal and every error cancel the request and close the connection; every
 * failure is an `LmStudioError` carrying `partial` (what arrived).
 */
export class SseStream<E, R extends ChatResult> implements AsyncIterable<E>, AsyncIterator<E> {
  private state: State = 'idle';
  private failure: LmStudioError | undefined;
  private readonly sink: StreamSink<R>;
  private queue: E[] = [];
  private head = 0;
  private deadline: Deadline | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private decoder: SseDecoder | undefined;
  private sawEvent = false;
  private graceStarted = false;
  private draining = false;
  private iterated = false;
  private settle!: { resolve: (r: R) => void; reject: (e: LmStudioError) => void };
  protected readonly settled: Promise<R>;
  private pumping: Promise<void> | undefined;

  /** @internal Built by the client's streaming methods; users hold these streams, they do not construct them. */
  constructor(
    private readonly init: SseStreamInit,
    makeSink: (emit: (event: E) => void) => StreamSink<R>,
  ) {
    this.settled = new Promise<R>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // The outcome is also delivered through next(): never an unhandled rejection for a caller who only iterates.
    this.settled.catch(() => undefined);
    this.sink = makeSink((event) => {
      this.queue.push(event);
    });
  }

  /** The stream is its own iterator: `for await (const event of stream)`. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * The whole result. Awaitable with or without iterating: it reads the stream to its end itself. When nobody
   * has started iterating by the end of the current tick, no events are made; otherwise they stay queued for the
   * loop (which fails with `aborted` if it is left early).
   */
  result(): Promise<R> {
    queueMicrotask(() => {
      // Nobody iterating: read on without making events. Iterating: read on, keeping events for the loop.
      if (this.state === 'idle' || this.state === 'running') void this.drain(!this.iterated);
    });
    return this.settled;
  }

  /** The next event; the first call sends the request. Rejects with an {@link LmStudioError} on failure. */
  next(): Promise<IteratorResult<E>> {
    this.iterated = true;
    if (this.head < this.queue.length) return Promise.resolve({ done: false, value: this.take() });
    return this.nextSlow();
  }

  /** Leaving a `for await` early (break, return, or a throw in its body) cancels the request. */
  return(): Promise<IteratorResult<E>> {
    if (this.state === 'idle' || this.state === 'running') {
      this.fail(new LmStudioError('aborted', { message: 'The stream was closed before it ended.' }));
    }
    this.queue = [];
    this.head = 0;
    return Promise.resolve(DONE);
  }

  private take(): E {
    const event = this.queue[this.head] as E;
    this.head++;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return event;
  }

  private async nextSlow(): Promise<IteratorResult<E>> {
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
      this.sink.stopEvents();
      this.queue = [];
      this.head = 0;
    }
    while (this.state === 'idle' || this.state === 'running') await this.step();
  }

  /** One unit of work: open the request, or read and parse one body chunk. Never runs twice at once. */
  private step(): Promise<void> {
    if (!this.pumping) {
      this.pumping = this.stepOnce()
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
    } else if (this.sink.ended && this.state === 'running') {
      this.complete();
    } else if (!this.graceStarted && this.sink.graceAfterCompleteMs !== undefined && this.sink.complete) {
      // Once per stream (a check per read, not per event): the answer is whole, only the epilogue may follow.
      this.graceStarted = true;
      deadline.startIdleWatch(Math.min(this.init.idleMs, this.sink.graceAfterCompleteMs));
    }
  }

  private async open(): Promise<void> {
    this.state = 'running';
    const deadline = this.init.deadline();
    this.deadline = deadline;
    this.sink.watch?.(deadline, this.init.idleMs);
    // A limit or the caller's signal ends the stream at once, even while no read is pending.
    deadline.signal.addEventListener(
      'abort',
      () => {
        const error = deadline.error ?? new LmStudioError('aborted', { message: 'The request was aborted.' });
        // A limit passing once the answer is complete ends it: that is the result, not a timeout.
        if (error.code === 'timeout' && this.sink.complete) this.complete();
        else this.fail(error);
      },
      { once: true },
    );
    let opening: SseOpening;
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
    if ('whole' in opening) {
      const error = this.sink.whole(opening.whole);
      if (error) this.fail(error);
      else this.complete();
      return;
    }
    this.reader = opening.body.getReader();
    this.decoder = new SseDecoder((event) => this.onEvent(event), this.init.maxEventBytes);
  }

  private onEvent(event: EventSourceMessage): void {
    if (this.state !== 'running' || this.sink.ended) return;
    if (!this.sawEvent && !this.sink.watch) {
      this.sawEvent = true;
      this.deadline?.startIdleWatch(this.init.idleMs);
    }
    const error = this.sink.message(event);
    if (error) this.fail(error);
  }

  private endOfBody(): void {
    if (this.sink.ended || this.sink.complete) {
      this.complete();
      return;
    }
    this.fail(
      new LmStudioError('stream-truncated', {
        message: this.sink.truncatedMessage ?? 'LM Studio ended the stream before the answer was complete.',
        hint: "The model may have crashed or been unloaded; check LM Studio's server log.",
      }),
    );
  }

  private onReadError(error: unknown): void {
    if (this.state !== 'running') return;
    if (this.sink.ended || this.sink.complete) {
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
        hint: "The model may have crashed or been unloaded; check LM Studio's server log.",
        cause: error,
      }),
    );
  }

  private complete(): void {
    this.sink.finish();
    this.state = 'done';
    this.release();
    this.settle.resolve(this.sink.result());
  }

  private fail(error: LmStudioError, withPartial = true): void {
    if (this.state === 'done' || this.state === 'failed') return;
    this.state = 'failed';
    if (withPartial && !error.partial) error.partial = this.sink.result();
    // Whatever the server echoed (text, model id, tool arguments) leaves without the API key.
    redactError(error, this.init.context.secrets);
    this.failure = error;
    this.deadline?.fail(error);
    this.release();
    this.settle.reject(error);
  }

  /** Closes the body at once (never waits for EOF) and stops timers. */
  private release(): void {
    this.deadline?.dispose();
    const reader = this.reader;
    this.reader = undefined;
    if (!reader) return;
    if (this.state === 'done' && this.sink.ended) closeAfterEnd(reader);
    else void reader.cancel().catch(() => undefined);
  }
}

/**
 * After the terminal event the body's end arrives right behind it: one more read (in the background, the result
 * is already out) finds it, and nothing needs cancelling (a cancel makes an abort error and tears the fetch down, a
 * large part of a short stream's cost). If the end is not there by the next timer turn, or more bytes follow, the
 * body is cancelled: nothing waits on the server.
 */
export function closeAfterEnd(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  const timer = setTimeout(cancel, 0);
  reader.read().then(
    (read) => {
      clearTimeout(timer);
      if (!read.done) cancel();
    },
    () => clearTimeout(timer),
  );
}
