// Public types of LM Studio's own surfaces (0.4.0+): native chat (`POST /api/v1/chat`) and model downloads.
import type { components } from '../../generated/lmstudio.js';
import type { ChatEvent, ChatResult, ToolCall } from './types.js';

type Schemas = components['schemas'];

/** An `/api/v1/chat` input item as LM Studio takes it: text (`message`), or an image as a base64 data URL. */
export type NativeChatInputItem = Schemas['NativeChatInputItem'];
/** An OpenAI-style image part (what `imagePart()` returns); sent to `/api/v1/chat` as `{ type: 'image', data_url }`. */
export type ImageContentPart = Schemas['ImageContentPart'];
/** MCP through LM Studio: a plugin id, a plugin with `allowed_tools`, or an ephemeral MCP server. */
export type NativeIntegration = Schemas['NativeIntegration'];
/** LM Studio's reasoning setting for `/api/v1/chat` (an error when the model does not support it). */
export type NativeReasoning = NonNullable<Schemas['NativeChatRequest']['reasoning']>;

/**
 * The native chat request: the generated wire type, without `stream` (the method decides it), with
 * OpenAI-style image parts also accepted in `input`. What this surface cannot do — client-side `tools`,
 * assistant turns in `input`, structured output (`response_format`) — is refused before sending.
 */
export type NativeChatRequest = Omit<Schemas['NativeChatRequest'], 'stream' | 'input'> & {
  input: string | (NativeChatInputItem | ImageContentPart)[];
};

/** Who ran a tool: an LM Studio plugin (`plugin_id`) or an ephemeral MCP server (`server_label`). */
export interface NativeToolProvider {
  type: string;
  pluginId?: string;
  serverLabel?: string;
}

/** A tool LM Studio called through an integration (it ran the tool itself): the call, and what the tool answered. */
export interface NativeToolCall extends ToolCall {
  /** The tool's raw output, when it ran. */
  output?: string;
  provider?: NativeToolProvider;
}

/** A tool call LM Studio could not run: an unknown tool name, or arguments that do not fit. */
export interface InvalidToolCall {
  reason: string;
  /** `invalid_name` or `invalid_arguments` (open). */
  kind?: string;
  name?: string;
  arguments?: Record<string, unknown>;
  provider?: NativeToolProvider;
}

/** LM Studio's statistics for one native chat. */
export interface NativeChatStats {
  inputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  tokensPerSecond?: number;
  timeToFirstTokenSeconds?: number;
  /** Present when this request loaded the model just in time. */
  modelLoadTimeSeconds?: number;
}

/**
 * The result of a native chat. A `ChatResult` (so it renders and errs like one; `id` is the `responseId` or `''`),
 * plus what only this surface reports. `truncated` is true when the answer holds reasoning only, with no message and
 * no tool call: LM Studio does not say it cut it, but the output budget ran out inside the reasoning
 * (`finishReason` is then `length`).
 */
export interface NativeChatResult extends ChatResult {
  toolCalls: NativeToolCall[];
  invalidToolCalls: InvalidToolCall[];
  /** Present when LM Studio stored the response: send it as `previous_response_id` to continue. */
  responseId?: string;
  stats: NativeChatStats;
  truncated: boolean;
}

/**
 * What a native chat stream yields: `streamChat`'s events (text, reasoning, tool calls, usage, finish) plus
 * progress from 0 to 1 while the model loads and while the prompt is processed, and tool calls LM Studio refused.
 */
export type NativeChatEvent =
  | ChatEvent
  | { type: 'model-load'; progress: number }
  | { type: 'prompt-processing'; progress: number }
  | { type: 'invalid-tool-call'; invalidToolCall: InvalidToolCall };

/** A download job's state, as LM Studio reports it. */
export type DownloadStatus = NonNullable<Schemas['DownloadJobStatus']['status']>;

/** One report of a download: the first answer, then each poll. */
export interface DownloadProgress {
  status: DownloadStatus;
  /** Absent when the model was already downloaded. */
  jobId?: string;
  downloadedBytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  /** ISO 8601, while downloading. */
  estimatedCompletion?: string;
  startedAt?: string;
  completedAt?: string;
}
