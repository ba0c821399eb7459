import type { EventSourceMessage } from 'eventsource-parser';
import { LmStudioError } from '../domain/errors.js';
import type { ResponseOutputItem, ResponseResult, WireResponseObject } from '../domain/responses.js';
import type { ChatEvent, FinishReason, Usage } from '../domain/types.js';
import { extractServerError, type RequestContext } from '../http/classify.js';
import { chatResult } from './chat-accumulator.js';
import { badEvent, responseStreamError } from './response-errors.js';
import type { StreamSink } from './sse-stream.js';
import { TextReasoning } from './text-reasoning.js';
import { ToolCallTracker } from './tool-call-tracker.js';

type Emit = ((event: ChatEvent) => void) | undefined;
type Data = Record<string, unknown>;

interface CallSlot {
  ordinal: number;
  /** Arguments arrived (deltas or `.done`): the final item's copy is not added again. */
  hasArguments: boolean;
}

/**
 * Folds Responses API events (or a whole response object) into chat events and one `ResponseResult`. The single
 * place where text, reasoning, function calls, usage, status and the answering model are decided, so that
 * `respond()` and `streamResponse()` agree on every input. Follows what LM Studio sends (see the wire notes):
 * function-call arguments arrive whole in `function_call_arguments.done` or as `.delta` pieces (both are
 * accepted); the final `response.completed` fills in anything that was not streamed; unknown events are ignored.
 */
export class ResponseAccumulator implements StreamSink<ResponseResult> {
  private id = '';
  private model = '';
  private status = 'in_progress';
  private previousResponseId: string | undefined;
  private readonly out: TextReasoning;
  private readonly tools: ToolCallTracker;
  private readonly callsByKey = new Map<string, CallSlot>();
  private readonly streamedItems = new Set<string>();
  private lastTextItem: unknown = undefined;
  private lastReasoningItem: unknown = undefined;
  private doneItems: ResponseOutputItem[] = [];
  private finalOutput: ResponseOutputItem[] | undefined;
  private finishReason: FinishReason | null = null;
  private usage: Usage | undefined;
  private finished = false;
  private terminal = false;

  constructor(
    private readonly requestedModel: string,
    private emit: Emit,
    private readonly context: RequestContext,
    private readonly previousId?: string,
  ) {
    this.out = new TextReasoning(emit);
    this.tools = new ToolCallTracker(() => (this.id ? `${this.id}_` : ''));
  }

  get ended(): boolean {
    return this.terminal;
  }

  get complete(): boolean {
    return this.terminal;
  }

  stopEvents(): void {
    this.emit = undefined;
    this.out.emit = undefined;
  }

  message(event: EventSourceMessage): LmStudioError | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      if (event.event === 'error') return responseStreamError({ message: event.data.trim() || 'unknown error' }, this.context, this.previousId);
      return badEvent('is not JSON', event.data, this.context);
    }
    if (typeof parsed !== 'object' || parsed === null) return badEvent('is not a Responses event', event.data, this.context);
    const data = parsed as Data;
    const type = typeof data.type === 'string' ? data.type : event.event;
    // The hot path first: one text piece per event.
    if (type === 'response.output_text.delta') {
      const delta = data.delta;
      if (typeof delta === 'string' && delta !== '') {
        if (data.item_id !== this.lastTextItem) this.markStreamed((this.lastTextItem = data.item_id));
        this.out.addText(delta);
      }
      return undefined;
    }
    switch (type) {
      case 'response.function_call_arguments.delta':
        this.addArguments(data, data.delta, false);
        return undefined;
      case 'response.reasoning_text.delta':
      case 'response.reasoning_summary_text.delta': {
        const delta = data.delta;
        if (typeof delta === 'string' && delta !== '') {
          if (data.item_id !== this.lastReasoningItem) this.markStreamed((this.lastReasoningItem = data.item_id));
          this.out.addReasoning(delta);
        }
        return undefined;
      }
      case 'response.output_item.added':
        this.itemAdded(data.output_index, data.item);
        return undefined;
      case 'response.function_call_arguments.done':
        this.addArguments(data, data.arguments, true);
        return undefined;
      case 'response.output_item.done':
        if (isObject(data.item)) {
          this.itemAdded(data.output_index, data.item);
          this.doneItems.push(data.item as ResponseOutputItem);
        }
        return undefined;
      case 'response.created':
      case 'response.in_progress':
        if (isObject(data.response)) this.identify(data.response);
        return undefined;
      case 'response.completed':
      case 'response.incomplete':
        if (isObject(data.response)) this.applyFinal(data.response as WireResponseObject);
        this.terminal = true;
        return undefined;
      case 'response.failed': {
        const response = isObject(data.response) ? data.response : {};
        this.identify(response);
        const error = isObject(response.error) ? response.error : {};
        return responseStreamError(
          { message: typeof error.message === 'string' ? error.message : 'the response failed', ...(typeof error.code === 'string' ? { code: error.code } : {}) },
          this.context,
          this.previousId,
        );
      }
      case 'error':
        return responseStreamError(
          { message: typeof data.message === 'string' ? data.message : 'unknown error', ...(typeof data.code === 'string' ? { code: data.code } : {}) },
          this.context,
          this.previousId,
        );
      default: {
        // LM Studio's chat-style error payload (`{"error": …}`), or an event this client does not know (ignored).
        const server = typeof data.type === 'string' ? undefined : extractServerError(data);
        return server ? responseStreamError(server, this.context, this.previousId) : undefined;
      }
    }
  }

  whole(body: unknown): LmStudioError | undefined {
    const server = extractServerError(body);
    if (server) return responseStreamError(server, this.context, this.previousId);
    if (!isObject(body) || !Array.isArray(body.output)) {
      return new LmStudioError('bad-response', { message: 'LM Studio answered /v1/responses without an "output" list.' });
    }
    if (body.status === 'failed') {
      const error = isObject(body.error) ? body.error : {};
      return responseStreamError(
        { message: typeof error.message === 'string' ? error.message : 'the response failed', ...(typeof error.code === 'string' ? { code: error.code } : {}) },
        this.context,
        this.previousId,
      );
    }
    this.applyFinal(body as WireResponseObject);
    this.terminal = true;
    return undefined;
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.out.finish(this.tools.size > 0);
    this.tools.finish(this.emit);
  }

  result(): ResponseResult {
    const out: ResponseResult = {
      ...chatResult({
        id: this.id,
        model: this.model,
        requestedModel: this.requestedModel,
        out: this.out,
        tools: this.tools,
        finished: this.finished,
        finishReason: this.finishReason,
        usage: this.usage,
      }),
      status: this.status,
      output: this.finalOutput ?? [...this.doneItems],
    };
    const previous = this.previousResponseId ?? this.previousId;
    if (previous) out.previousResponseId = previous;
    return out;
  }

  private identify(response: Data): void {
    if (this.id === '' && typeof response.id === 'string') this.id = response.id;
    if (this.model === '' && typeof response.model === 'string') this.model = response.model;
    if (typeof response.previous_response_id === 'string') this.previousResponseId = response.previous_response_id;
  }

  private markStreamed(itemId: unknown): void {
    if (typeof itemId === 'string') this.streamedItems.add(itemId);
  }

  /** A function call's slot, made when the call is first seen (by `call_id`, item `id` and output index). */
  private itemAdded(outputIndex: unknown, item: unknown): void {
    if (!isObject(item) || item.type !== 'function_call') return;
    const keys = [typeof item.call_id === 'string' ? `c:${item.call_id}` : undefined, typeof item.id === 'string' ? `i:${item.id}` : undefined, typeof outputIndex === 'number' ? `o:${outputIndex}` : undefined];
    let slot: CallSlot | undefined;
    for (const key of keys) if (key && (slot = this.callsByKey.get(key))) break;
    if (!slot) {
      slot = { ordinal: this.tools.size, hasArguments: false };
      this.tools.push(
        { index: slot.ordinal, ...(typeof item.call_id === 'string' && item.call_id !== '' ? { id: item.call_id } : {}), function: { name: typeof item.name === 'string' ? item.name : '' } },
        this.emit,
      );
    }
    for (const key of keys) if (key) this.callsByKey.set(key, slot);
    if (!slot.hasArguments && typeof item.arguments === 'string' && item.arguments !== '') {
      slot.hasArguments = true;
      this.tools.push({ index: slot.ordinal, function: { arguments: item.arguments } }, this.emit);
    }
  }

  private addArguments(data: Data, text: unknown, whole: boolean): void {
    if (typeof text !== 'string') return;
    const slot =
      (typeof data.item_id === 'string' ? this.callsByKey.get(`i:${data.item_id}`) : undefined) ??
      (typeof data.output_index === 'number' ? this.callsByKey.get(`o:${data.output_index}`) : undefined);
    if (!slot) {
      // Arguments for a call whose `output_item.added` never came: start it now, nameless until the item is done.
      this.itemAdded(data.output_index, { type: 'function_call', id: data.item_id, arguments: text });
      return;
    }
    // `.done` repeats what the deltas brought; it only counts when no delta came.
    if (whole && slot.hasArguments) return;
    slot.hasArguments = true;
    if (text !== '') this.tools.push({ index: slot.ordinal, function: { arguments: text } }, this.emit);
  }

  private applyFinal(response: WireResponseObject): void {
    // The final object is authoritative over what `response.created` said.
    if (typeof response.id === 'string' && response.id !== '') this.id = response.id;
    this.identify(response as unknown as Data);
    if (typeof response.model === 'string' && response.model !== '') this.model = response.model;
    if (typeof response.status === 'string') this.status = response.status;
    if (Array.isArray(response.output)) {
      this.finalOutput = response.output;
      response.output.forEach((item, index) => this.backfill(item, index));
    }
    const usage = response.usage;
    if (isObject(usage)) {
      this.usage = mapResponseUsage(usage);
      this.emit?.({ type: 'usage', usage: this.usage });
    }
    const reason = finishReasonOf(this.status, response.incomplete_details?.reason, this.tools.size > 0);
    if (reason !== null && this.finishReason === null) {
      this.finishReason = reason;
      this.emit?.({ type: 'finish', finishReason: reason });
    }
  }

  /** What the final object has and the stream did not bring (or a whole, non-streamed response). */
  private backfill(item: ResponseOutputItem, index: number): void {
    const id = typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined;
    if (item.type === 'message') {
      if (id ? this.streamedItems.has(id) : !this.out.text.empty) return;
      for (const part of item.content ?? []) if (part?.type === 'output_text' && typeof part.text === 'string' && part.text !== '') this.out.addText(part.text);
    } else if (item.type === 'reasoning') {
      if (id ? this.streamedItems.has(id) : !this.out.reasoning.empty) return;
      for (const part of item.content ?? []) if (typeof part?.text === 'string' && part.text !== '') this.out.addReasoning(part.text);
    } else if (item.type === 'function_call') {
      this.itemAdded(index, item);
    }
  }
}

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null;
}

function finishReasonOf(status: string, incomplete: string | undefined, calledTools: boolean): FinishReason | null {
  if (status === 'completed') return calledTools ? 'tool_calls' : 'stop';
  if (status === 'incomplete') return !incomplete || incomplete === 'max_output_tokens' ? 'length' : incomplete;
  return null;
}

/** Responses usage in the chat vocabulary (`input_tokens` → `promptTokens`, …). */
export function mapResponseUsage(usage: Data): Usage {
  const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const out: Usage = { promptTokens: num(usage.input_tokens), completionTokens: num(usage.output_tokens), totalTokens: num(usage.total_tokens) };
  const details = usage.output_tokens_details;
  if (isObject(details) && typeof details.reasoning_tokens === 'number') out.reasoningTokens = details.reasoning_tokens;
  return out;
}
