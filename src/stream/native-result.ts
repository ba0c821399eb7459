// One native chat result (`POST /api/v1/chat`, or a stream's `chat.end`) turned into a `NativeChatResult`. The
// single place where content, reasoning, tool calls, stats and truncation are decided, so that `nativeChat()` and
// `streamNativeChat()` agree on every input.
import type { components } from '../../generated/lmstudio.js';
import type { InvalidToolCall, NativeChatResult, NativeChatStats, NativeToolCall, NativeToolProvider } from '../domain/native.js';
import type { Usage } from '../domain/types.js';
import { sameModel } from './chat-accumulator.js';

type Schemas = components['schemas'];
type WireProvider = Schemas['NativeToolProviderInfo'];
type WireMetadata = Schemas['NativeInvalidToolCallMetadata'];

/** Between two message (or two reasoning) items: they are separate paragraphs. */
export const ITEM_SEPARATOR = '\n\n';

/** The id of the `n`-th tool call LM Studio ran in one answer (it sends none). */
export const nativeToolCallId = (n: number): string => `call_${n}`;

export function mapProvider(info: WireProvider | undefined): NativeToolProvider | undefined {
  if (!info || typeof info !== 'object' || typeof info.type !== 'string') return undefined;
  const out: NativeToolProvider = { type: info.type };
  if (typeof info.plugin_id === 'string') out.pluginId = info.plugin_id;
  if (typeof info.server_label === 'string') out.serverLabel = info.server_label;
  return out;
}

/** A tool call LM Studio ran: its arguments come as an object, kept both as JSON text and as `input`. */
export function nativeToolCall(n: number, name: string, args: unknown, output?: unknown, provider?: WireProvider): NativeToolCall {
  const isObject = typeof args === 'object' && args !== null && !Array.isArray(args);
  const call: NativeToolCall = {
    id: nativeToolCallId(n),
    name,
    arguments: args === undefined ? '' : JSON.stringify(args),
    input: args === undefined ? {} : isObject ? (args as Record<string, unknown>) : undefined,
  };
  if (args !== undefined && !isObject) call.error = 'arguments are not an object';
  if (typeof output === 'string') call.output = output;
  const mapped = mapProvider(provider);
  if (mapped) call.provider = mapped;
  return call;
}

export function invalidToolCall(reason: unknown, metadata: WireMetadata | undefined): InvalidToolCall {
  const out: InvalidToolCall = { reason: typeof reason === 'string' ? reason : 'unknown reason' };
  if (metadata && typeof metadata === 'object') {
    if (typeof metadata.type === 'string') out.kind = metadata.type;
    if (typeof metadata.tool_name === 'string') out.name = metadata.tool_name;
    if (metadata.arguments && typeof metadata.arguments === 'object') out.arguments = metadata.arguments;
    const provider = mapProvider(metadata.provider_info);
    if (provider) out.provider = provider;
  }
  return out;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function mapStats(stats: Schemas['NativeChatStats'] | undefined): NativeChatStats {
  const s = stats && typeof stats === 'object' ? stats : {};
  const out: NativeChatStats = {
    inputTokens: num(s.input_tokens) ?? 0,
    outputTokens: num(s.total_output_tokens) ?? 0,
    reasoningOutputTokens: num(s.reasoning_output_tokens) ?? 0,
  };
  const tps = num(s.tokens_per_second);
  if (tps !== undefined) out.tokensPerSecond = tps;
  const ttft = num(s.time_to_first_token_seconds);
  if (ttft !== undefined) out.timeToFirstTokenSeconds = ttft;
  const load = num(s.model_load_time_seconds);
  if (load !== undefined) out.modelLoadTimeSeconds = load;
  return out;
}

export function statsUsage(stats: NativeChatStats): Usage {
  return {
    promptTokens: stats.inputTokens,
    completionTokens: stats.outputTokens,
    totalTokens: stats.inputTokens + stats.outputTokens,
    reasoningTokens: stats.reasoningOutputTokens,
  };
}

export interface NativeParts {
  model: string;
  content: string;
  reasoning: string;
  toolCalls: NativeToolCall[];
  invalidToolCalls: InvalidToolCall[];
  responseId?: string;
  stats?: NativeChatStats;
  /** True when the answer is whole (a result or `chat.end` arrived). */
  whole: boolean;
  /** A message item arrived, even an empty one (the model ended its answer itself). */
  messageSeen?: boolean;
}

/**
 * Assembles the result. A whole answer with reasoning but no message item and no tool call is `truncated`
 * (`finishReason: 'length'`): LM Studio does not mark it, but the output budget ran out inside the reasoning.
 */
export function assembleResult(parts: NativeParts, requestedModel: string): NativeChatResult {
  const stats = parts.stats ?? { inputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 };
  const truncated =
    parts.whole && parts.reasoning !== '' && !parts.messageSeen && parts.toolCalls.length === 0 && parts.invalidToolCalls.length === 0;
  const result: NativeChatResult = {
    id: parts.responseId ?? '',
    model: parts.model || requestedModel,
    requestedModel,
    modelMismatch: parts.model !== '' && !sameModel(parts.model, requestedModel),
    content: parts.content,
    reasoning: parts.reasoning,
    toolCalls: parts.toolCalls,
    invalidToolCalls: parts.invalidToolCalls,
    finishReason: parts.whole ? (truncated ? 'length' : 'stop') : null,
    stats,
    truncated,
  };
  if (parts.stats) result.usage = statsUsage(parts.stats);
  if (parts.responseId !== undefined) result.responseId = parts.responseId;
  return result;
}

/** A whole `/api/v1/chat` result (non-streamed body or `chat.end`'s `result`) as a `NativeChatResult`. */
export function nativeResult(wire: Schemas['NativeChatResponse'], requestedModel: string): NativeChatResult {
  const content: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: NativeToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  let messageSeen = false;
  for (const item of Array.isArray(wire.output) ? wire.output : []) {
    if (!item || typeof item !== 'object') continue;
    if (item.type === 'message') messageSeen = true;
    if (item.type === 'message' && typeof item.content === 'string' && item.content !== '') content.push(item.content);
    else if (item.type === 'reasoning' && typeof item.content === 'string' && item.content !== '') reasoning.push(item.content);
    else if (item.type === 'tool_call' && typeof item.tool === 'string') {
      toolCalls.push(nativeToolCall(toolCalls.length, item.tool, item.arguments, item.output, item.provider_info));
    } else if (item.type === 'invalid_tool_call') invalidToolCalls.push(invalidToolCall(item.reason, item.metadata));
  }
  const joinedReasoning = reasoning.join(ITEM_SEPARATOR);
  let joinedContent = content.join(ITEM_SEPARATOR);
  // Answers after reasoning open with "\n" or "\n\n": noise, as on /v1/chat/completions.
  if (joinedReasoning !== '') joinedContent = joinedContent.trimStart();
  const parts: NativeParts = {
    model: typeof wire.model_instance_id === 'string' ? wire.model_instance_id : '',
    content: joinedContent,
    reasoning: joinedReasoning,
    toolCalls,
    invalidToolCalls,
    stats: mapStats(wire.stats),
    whole: true,
    messageSeen,
  };
  if (typeof wire.response_id === 'string') parts.responseId = wire.response_id;
  return assembleResult(parts, requestedModel);
}
