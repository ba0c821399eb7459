import type { EventSourceMessage } from 'eventsource-parser';
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { NativeChatEvent, NativeChatResult } from '../domain/native.js';
import { classifyServerError, extractServerError, type RequestContext, type ServerError } from '../http/classify.js';
import type { Deadline } from '../http/deadline.js';
import { NativeChatAccumulator } from './native-chat-accumulator.js';
import { nativeResult } from './native-result.js';
import { SseStream, type SseStreamInit, type StreamSink } from './sse-stream.js';
import { midStreamError, preview } from './stream-errors.js';

type WireEvent = components['schemas']['NativeChatStreamEvent'];
type WireResult = components['schemas']['NativeChatResponse'];

export interface NativeChatStreamInit extends SseStreamInit {
  requestedModel: string;
}

/**
 * Reads `/api/v1/chat` stream messages for `SseStream`. It owns the limits: until the first output (reasoning,
 * text, a tool call) the first-token limit runs and each progress event (model load, prompt processing) starts it
 * again; from the first output on, only silence between reads is limited.
 */
class NativeChatSink implements StreamSink<NativeChatResult> {
  private readonly acc: NativeChatAccumulator;
  private deadline: Deadline | undefined;
  private idleMs = Infinity;
  private outputStarted = false;
  private eventCount = 0;
  private emitting = true;
  private wholeResult: NativeChatResult | undefined;

  constructor(
    private readonly requestedModel: string,
    emit: (event: NativeChatEvent) => void,
    private readonly ctx: RequestContext,
  ) {
    this.acc = new NativeChatAccumulator(requestedModel, (event) => {
      if (this.emitting) emit(event);
    });
  }

  get ended(): boolean {
    return this.acc.result !== undefined || this.wholeResult !== undefined;
  }

  get complete(): boolean {
    return this.ended;
  }

  watch(deadline: Deadline, idleMs: number): void {
    this.deadline = deadline;
    this.idleMs = idleMs;
  }

  stopEvents(): void {
    this.emitting = false;
  }

  finish(): void {}

  result(): NativeChatResult {
    return this.wholeResult ?? this.acc.result ?? this.acc.partial();
  }

  whole(body: unknown): LmStudioError | undefined {
    return this.wholeBody(body);
  }

  private wholeBody(body: unknown): LmStudioError | undefined {
    if (typeof body !== 'object' || body === null || !Array.isArray((body as WireResult).output)) {
      return new LmStudioError('bad-response', { message: 'LM Studio answered a streamed native chat with JSON that is not a chat result.' });
    }
    this.wholeResult = nativeResult(body as WireResult, this.requestedModel);
    return undefined;
  }

  message(event: EventSourceMessage): LmStudioError | undefined {
    this.eventCount++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      if (event.event === 'error') return this.streamError({ message: event.data.trim() || 'unknown error' });
      return this.badEvent('is not JSON', event.data);
    }
    if (typeof parsed !== 'object' || parsed === null) return this.badEvent('is not an object', event.data);
    const named = (parsed as { type?: unknown }).type;
    const type = typeof named === 'string' ? named : (event.event ?? 'message');
    const serverError = extractServerError(parsed);
    if (type === 'error' || event.event === 'error' || serverError) {
      return this.streamError(serverError ?? { message: preview(event.data, this.ctx.secrets) });
    }
    const kind = this.acc.push(type, parsed as WireEvent);
    if (kind === 'progress') {
      this.deadline?.progressed();
    } else if (kind === 'output' && !this.outputStarted) {
      this.outputStarted = true;
      this.deadline?.startIdleWatch(this.idleMs);
    }
    return undefined;
  }

  /**
   * An `error` event. Before any output it is the request's failure (unknown model, an MCP server LM Studio
   * refused, …) with LM Studio's classification; after output began it is a `stream-error`.
   */
  private streamError(server: ServerError): LmStudioError {
    const withCode: ServerError = { ...server };
    if (withCode.code === undefined && withCode.type === 'model_not_found') withCode.code = 'model_not_found';
    const classified = classifyServerError(undefined, withCode, this.ctx);
    if (!this.outputStarted || classified.code === 'context-overflow' || classified.code === 'auth') return classified;
    return midStreamError(classified);
  }

  private badEvent(what: string, data: string): LmStudioError {
    return new LmStudioError('bad-response', {
      message: `LM Studio sent an event that ${what} (event ${this.eventCount}: ${preview(data, this.ctx.secrets)}).`,
    });
  }
}

/**
 * A streamed native chat (`POST /api/v1/chat`, LM Studio 0.4.0+): iterate it for `NativeChatEvent`s — text,
 * reasoning, tool calls, and `model-load` / `prompt-processing` progress from 0 to 1 — and/or await `result()`.
 * Same rules as `ChatStream` (abort and early `break` close the connection; every failure carries `partial`).
 *
 * Limits: the first-token limit runs until the first output, and every progress event starts it again: a model
 * that is visibly loading never times out, a silent one does. After the first output only silence between reads
 * is limited (`idleMs`). Fails with `stream-truncated` when the stream ends before `chat.end`, and with
 * `stream-error` (or LM Studio's classified code, before any output) for an `error` event.
 */
export class NativeChatStream extends SseStream<NativeChatEvent, NativeChatResult> {
  /** @internal Built by the client's `streamNativeChat()`. */
  constructor(init: NativeChatStreamInit) {
    super(init, (emit) => new NativeChatSink(init.requestedModel, emit, init.context));
  }
}
