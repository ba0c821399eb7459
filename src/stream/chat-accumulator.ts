import type { components } from '../../generated/lmstudio.js';
import type { ChatEvent, ChatResult, FinishReason, Usage } from '../domain/types.js';
import { TextReasoning } from './text-reasoning.js';
import { ThinkSplitter } from './think-splitter.js';
import { ToolCallTracker } from './tool-call-tracker.js';
import { ToolTextSplitter } from './tool-text-splitter.js';

type Chunk = components['schemas']['ChatCompletionChunk'];
type WireUsage = components['schemas']['Usage'];
type Emit = ((event: ChatEvent) => void) | undefined;

/**
 * Folds chat chunks (streamed, or a whole response turned into one chunk) into events and one `ChatResult`.
 * The single place where text, reasoning, tool calls, usage and the answering model are decided, so that
 * `chat()` and `streamChat()` agree on every input.
 */
export class ChatAccumulator {
  private id = '';
  private model = '';
  private readonly out: TextReasoning;
  private readonly tools: ToolCallTracker;
  private readonly think: ThinkSplitter;
  private readonly toolText: ToolTextSplitter | undefined;
  private finishReason: FinishReason | null = null;
  private usage: Usage | undefined;
  private finished = false;

  /**
   * `emit` receives events as they are decided; leave it out to only accumulate (no event objects made).
   * `recoverTools`: the names of the tools offered, to recover calls the model wrote as text in `content`.
   */
  constructor(
    private readonly requestedModel: string,
    private emit: Emit,
    recoverTools?: ReadonlySet<string>,
  ) {
    const out = new TextReasoning(emit);
    this.out = out;
    this.tools = new ToolCallTracker(() => (this.id ? `${this.id}_` : ''));
    const toolText = recoverTools && recoverTools.size > 0
      ? new ToolTextSplitter(
          recoverTools,
          (text) => out.addText(text),
          (calls) => {
            // Native calls already came: the text is the model talking about tools, not calling them.
            if (this.tools.hasNative) return false;
            this.tools.addRecovered(calls, this.emit);
            return true;
          },
        )
      : undefined;
    this.toolText = toolText;
    this.think = new ThinkSplitter(
      toolText ? (text) => toolText.push(text) : (text) => out.addText(text),
      (text) => out.addReasoning(text),
    );
  }

  /** From now on only accumulate: nobody reads the events. */
  stopEvents(): void {
    this.emit = undefined;
    this.out.emit = undefined;
  }

  /** True once a finish reason arrived: the answer is complete even if `[DONE]` never comes. */
  get complete(): boolean {
    return this.finishReason !== null;
  }

  push(chunk: Chunk): void {
    if (this.id === '' && typeof chunk.id === 'string') this.id = chunk.id;
    if (this.model === '' && typeof chunk.model === 'string') this.model = chunk.model;
    const choices = chunk.choices;
    const choice = Array.isArray(choices) ? choices[0] : undefined;
    if (choice && typeof choice === 'object') {
      const delta = choice.delta;
      if (delta && typeof delta === 'object') {
        // 0.4.x always sends reasoning_content ("" when unused); gpt-oss fills `reasoning` instead: read both.
        const reasoning = delta.reasoning_content || delta.reasoning;
        if (typeof reasoning === 'string' && reasoning !== '') this.out.addReasoning(reasoning);
        if (typeof delta.content === 'string' && delta.content !== '') this.think.push(delta.content);
        const calls = delta.tool_calls;
        if (Array.isArray(calls)) {
          for (const fragment of calls) if (fragment && typeof fragment === 'object') this.tools.push(fragment, this.emit);
        }
      }
      const reason = choice.finish_reason;
      if (typeof reason === 'string' && this.finishReason === null) {
        this.finishContent();
        // LM Studio says "stop" when it left the calls as text; once recovered, they are tool calls.
        this.finishReason = reason === 'stop' && this.tools.hasRecovered ? 'tool_calls' : reason;
        this.emit?.({ type: 'finish', finishReason: this.finishReason });
      }
    }
    if (chunk.usage && typeof chunk.usage === 'object') {
      this.usage = mapUsage(chunk.usage);
      this.emit?.({ type: 'usage', usage: this.usage });
    }
  }

  /** End of the stream (`[DONE]` or the body's end): finalise open tool calls and held text. */
  finish(): void {
    this.finishContent();
  }

  /** The result as it stands; after `finish()` it is final. */
  result(): ChatResult {
    return chatResult({
      id: this.id,
      model: this.model,
      requestedModel: this.requestedModel,
      out: this.out,
      tools: this.tools,
      finished: this.finished,
      finishReason: this.finishReason,
      usage: this.usage,
    });
  }

  private finishContent(): void {
    if (this.finished) return;
    this.finished = true;
    this.think.flush();
    this.toolText?.flush();
    this.out.finish(this.tools.size > 0);
    this.tools.finish(this.emit);
  }
}

/** What a `ChatResult` is made of, as every accumulator (chat, Responses) keeps it. */
export interface ResultParts {
  readonly id: string;
  /** The model the server named; '' until it names one. */
  readonly model: string;
  readonly requestedModel: string;
  readonly out: TextReasoning;
  readonly tools: ToolCallTracker;
  readonly finished: boolean;
  readonly finishReason: FinishReason | null;
  readonly usage: Usage | undefined;
}

/** The result as it stands (final once `finished`): one place decides the model, the mismatch and the calls. */
export function chatResult(p: ResultParts): ChatResult {
  const out: ChatResult = {
    id: p.id,
    model: p.model || p.requestedModel,
    requestedModel: p.requestedModel,
    modelMismatch: p.model !== '' && !sameModel(p.model, p.requestedModel),
    content: p.out.text.toString(),
    reasoning: p.out.reasoning.toString(),
    toolCalls: p.finished ? p.tools.finish(undefined) : p.tools.snapshot(),
    finishReason: p.finishReason,
  };
  if (p.usage) out.usage = p.usage;
  return out;
}

export function mapUsage(usage: WireUsage): Usage {
  const out: Usage = {
    promptTokens: numberOr0(usage.prompt_tokens),
    completionTokens: numberOr0(usage.completion_tokens),
    totalTokens: numberOr0(usage.total_tokens),
  };
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') out.reasoningTokens = reasoning;
  return out;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Same model, ignoring case, a `@quant` variant suffix and a `:N` instance suffix. */
export function sameModel(answered: string, requested: string): boolean {
  const base = (id: string): string => id.toLowerCase().replace(/:\d+$/, '').replace(/@[^/]*$/, '');
  return base(answered) === base(requested);
}
