import type { components } from '../../generated/lmstudio.js';

type Schemas = components['schemas'];

/** The chat request as it goes on the wire: the generated type from openapi/lmstudio.yaml. */
export type WireChatRequest = Schemas['ChatCompletionRequest'];
/**
 * Reasoning effort in OpenAI's vocabulary (what the server accepts) or LM Studio's own (`off`, `on`, as
 * `/api/v1/models` lists them): `off` is sent as `none`, `on` as the model's default (the field left out).
 */
export type ReasoningEffort = NonNullable<WireChatRequest['reasoning_effort']> | 'off' | 'on';
/** The chat request this client takes: the generated type, with `reasoning_effort` in either vocabulary. */
export type ChatRequest = Omit<WireChatRequest, 'reasoning_effort'> & { reasoning_effort?: ReasoningEffort };
/** One message of a chat request (`system`, `user` with text or image parts, `assistant` with `tool_calls`, `tool`): the generated wire type. */
export type ChatMessage = Schemas['ChatMessage'];
/** A tool offered to the model (`{ type: 'function', function: { name, description?, parameters? } }`): the generated wire type. */
export type ChatTool = Schemas['Tool'];
/** What {@link EmbeddingsSurface.embed} takes: `{ model, input }`, `input` one string or several. */
export type EmbeddingRequest = Schemas['EmbeddingRequest'];
/** Open set: LM Studio sends `stop`, `length`, `tool_calls`; `null` until the server said. */
export type FinishReason = Schemas['FinishReason'];

/** Token counts of one chat answer, as the server reported them (`0` for a count it left out). */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Tokens spent reasoning (LM Studio 0.4.x), when the server reports it. */
  reasoningTokens?: number;
}

/** One tool call the model made, complete: its arguments as sent and, when they are a JSON object, parsed. */
export interface ToolCall {
  /** The server's id, or a generated stable one when the server sent none. Never empty. */
  id: string;
  name: string;
  /** The arguments exactly as the model produced them (JSON text, possibly truncated). */
  arguments: string;
  /** The parsed arguments; `{}` for empty arguments; `undefined` when they are not a JSON object. */
  input: Record<string, unknown> | undefined;
  /** Why `arguments` could not be parsed into `input`. */
  error?: string;
  /** True when the call was recovered from text in `content` rather than sent as a native tool call. */
  recovered?: boolean;
}

/**
 * A whole chat answer: what `chat()` resolves to, what `ChatStream.result()` gives at the end of a stream, and what
 * a failed stream keeps in `LmStudioError.partial` (everything that arrived before the failure).
 */
export interface ChatResult {
  id: string;
  /** The model that answered (LM Studio may answer with another loaded model). */
  model: string;
  requestedModel: string;
  /** True when `model` is not the requested model (quantization and instance suffixes aside). */
  modelMismatch: boolean;
  /** The answer, without reasoning and without think tags. */
  content: string;
  /** Reasoning from `reasoning_content`, `reasoning` or inline `<think>…</think>`; `''` when none. */
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason | null;
  usage?: Usage;
}

/**
 * One event of a streamed chat, in arrival order: `text` and `reasoning` deltas, a tool call's start, argument
 * fragments and end (with the parsed call), `usage` when the server sends it, and `finish` with the reason.
 */
export type ChatEvent =
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number; toolCall: ToolCall }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; finishReason: FinishReason };

/** What a model is for; `vlm` models take images; `unknown` when the server's listing does not say. */
export type ModelType = 'llm' | 'vlm' | 'embedding' | 'unknown';

/** One loaded copy of a model (LM Studio can load a model more than once, as `id:2`, …). */
export interface LoadedInstance {
  id: string;
  /** The context length this instance was loaded with. */
  contextLength?: number;
}

/** One model as {@link ModelsSurface.listModels} reports it, whichever of LM Studio's listings answered. */
export interface LmModel {
  id: string;
  type: ModelType;
  /** Whether some instance is in memory; absent when the server does not say (`/v1/models`). */
  loaded?: boolean;
  /** The context length the model is loaded with (the real one, not the maximum). */
  contextLength?: number;
  maxContextLength?: number;
  /** Trained for tool use, when the server says. */
  toolUse?: boolean;
  vision?: boolean;
  /** LM Studio's reasoning options (`off`, `on`, `low`, …) and default, when the model reasons. */
  reasoning?: { options: string[]; default?: string };
  sizeBytes?: number;
  quantization?: string;
  publisher?: string;
  displayName?: string;
  instances?: LoadedInstance[];
}
