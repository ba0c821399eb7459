import type { components } from '../../generated/lmstudio.js';
import type { InvalidToolCall, NativeChatEvent, NativeChatResult, NativeToolCall } from '../domain/native.js';
import { TextBuffer } from './text-buffer.js';
import { assembleResult, invalidToolCall, ITEM_SEPARATOR, nativeResult, nativeToolCall, nativeToolCallId, statsUsage } from './native-result.js';

type WireEvent = components['schemas']['NativeChatStreamEvent'];
type WireProvider = components['schemas']['NativeToolProviderInfo'];
type WireMetadata = components['schemas']['NativeInvalidToolCallMetadata'];

/** What one event meant for the stream's limits and its end. */
export type NativeEventKind = 'progress' | 'output' | 'end' | 'other';

const clamp01 = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/**
 * Folds `/api/v1/chat` stream events into `NativeChatEvent`s and, for a failure, the partial result; `chat.end`'s
 * `result` decides the final answer (through the same function as a non-streamed chat). Unknown event types are
 * ignored, as LM Studio's docs ask.
 */
export class NativeChatAccumulator {
  private model = '';
  private readonly text = new TextBuffer();
  private readonly reasoning = new TextBuffer();
  private readonly toolCalls: NativeToolCall[] = [];
  private readonly invalidToolCalls: InvalidToolCall[] = [];
  private open: { index: number; name: string; args: unknown; provider: WireProvider | undefined } | undefined;
  private textItems = 0;
  private reasoningItems = 0;
  private heldSeparator = '';
  private final: NativeChatResult | undefined;

  constructor(
    private readonly requestedModel: string,
    private readonly emit: (event: NativeChatEvent) => void,
  ) {}

  /** The final result, once `chat.end` arrived. */
  get result(): NativeChatResult | undefined {
    return this.final;
  }

  push(type: string, data: WireEvent): NativeEventKind {
    const d = data as Record<string, unknown>;
    switch (type) {
      case 'chat.start':
      case 'model_load.start':
        if (typeof d.model_instance_id === 'string' && this.model === '') this.model = d.model_instance_id;
        if (type === 'chat.start') return 'other';
        this.emit({ type: 'model-load', progress: 0 });
        return 'progress';
      case 'model_load.progress':
        this.emit({ type: 'model-load', progress: clamp01(d.progress) });
        return 'progress';
      case 'model_load.end':
        this.emit({ type: 'model-load', progress: 1 });
        return 'progress';
      case 'prompt_processing.start':
        this.emit({ type: 'prompt-processing', progress: 0 });
        return 'progress';
      case 'prompt_processing.progress':
        this.emit({ type: 'prompt-processing', progress: clamp01(d.progress) });
        return 'progress';
      case 'prompt_processing.end':
        this.emit({ type: 'prompt-processing', progress: 1 });
        return 'progress';
      case 'reasoning.start':
        if (this.reasoningItems++ > 0 && !this.reasoning.empty) this.addReasoning(ITEM_SEPARATOR);
        return 'output';
      case 'reasoning.delta':
        if (typeof d.content === 'string' && d.content !== '') this.addReasoning(d.content);
        return 'output';
      case 'message.start':
        if (this.textItems++ > 0 && !this.text.empty) this.heldSeparator = ITEM_SEPARATOR;
        return 'output';
      case 'message.delta':
        if (typeof d.content === 'string' && d.content !== '') this.addText(d.content);
        return 'output';
      case 'tool_call.start':
        this.startTool(d);
        return 'output';
      case 'tool_call.arguments':
        this.toolArguments(d);
        return 'output';
      case 'tool_call.success':
        this.toolSuccess(d);
        return 'output';
      case 'tool_call.failure':
        this.toolFailure(d);
        return 'output';
      case 'chat.end':
        return this.end(d.result);
      default:
        return type === 'reasoning.end' || type === 'message.end' ? 'output' : 'other';
    }
  }

  /** What arrived so far: the answer of a stream that failed. */
  partial(): NativeChatResult {
    return (
      this.final ??
      assembleResult(
        {
          model: this.model,
          content: this.text.toString(),
          reasoning: this.reasoning.toString(),
          toolCalls: [...this.toolCalls],
          invalidToolCalls: [...this.invalidToolCalls],
          whole: false,
        },
        this.requestedModel,
      )
    );
  }

  private end(result: unknown): NativeEventKind {
    if (!result || typeof result !== 'object') return 'other';
    const final = nativeResult(result as components['schemas']['NativeChatResponse'], this.requestedModel);
    this.final = final;
    this.emit({ type: 'usage', usage: final.usage ?? statsUsage(final.stats) });
    if (final.finishReason) this.emit({ type: 'finish', finishReason: final.finishReason });
    return 'end';
  }

  private addReasoning(text: string): void {
    this.reasoning.push(text);
    this.emit({ type: 'reasoning', delta: text });
  }

  private addText(text: string): void {
    if (this.text.empty && !this.reasoning.empty) {
      // After reasoning the answer opens with "\n" or "\n\n": dropped, as `nativeResult` drops it.
      text = text.trimStart();
      if (text === '') return;
    }
    if (this.heldSeparator !== '') {
      text = this.heldSeparator + text;
      this.heldSeparator = '';
    }
    this.text.push(text);
    this.emit({ type: 'text', delta: text });
  }

  private startTool(d: Record<string, unknown>): void {
    const index = this.toolCalls.length;
    const name = typeof d.tool === 'string' ? d.tool : '';
    this.open = { index, name, args: undefined, provider: d.provider_info as WireProvider | undefined };
    this.emit({ type: 'tool-call-start', index, id: nativeToolCallId(index), name });
  }

  private toolArguments(d: Record<string, unknown>): void {
    if (!this.open) this.startTool(d);
    const open = this.open as NonNullable<typeof this.open>;
    open.args = d.arguments;
    if (d.arguments !== undefined) this.emit({ type: 'tool-call-delta', index: open.index, argumentsDelta: JSON.stringify(d.arguments) });
  }

  private toolSuccess(d: Record<string, unknown>): void {
    if (!this.open) this.startTool(d);
    const open = this.open as NonNullable<typeof this.open>;
    this.open = undefined;
    const args = d.arguments !== undefined ? d.arguments : open.args;
    const name = typeof d.tool === 'string' ? d.tool : open.name;
    const call = nativeToolCall(open.index, name, args, d.output, (d.provider_info as WireProvider | undefined) ?? open.provider);
    this.toolCalls.push(call);
    this.emit({ type: 'tool-call-end', index: open.index, toolCall: call });
  }

  private toolFailure(d: Record<string, unknown>): void {
    // The failed call gets no id in the result: the next call reuses its index.
    this.open = undefined;
    const invalid = invalidToolCall(d.reason, d.metadata as WireMetadata | undefined);
    this.invalidToolCalls.push(invalid);
    this.emit({ type: 'invalid-tool-call', invalidToolCall: invalid });
  }
}
