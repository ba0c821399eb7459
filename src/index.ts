/**
 * The LM Studio client: models, chat (whole, streamed, structured), a multi-round tool loop, embeddings, model
 * load and unload, over LM Studio's local HTTP server. Nothing here imports `node:`: it runs on Node ≥ 20, in
 * Electron and in browsers.
 *
 * ```ts
 * import { createLmStudioClient } from '@openorbit/ext-ai-lm-studio';
 * const lm = createLmStudioClient();
 * const answer = await lm.chat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 *
 * The OpenOrbit provider is in `@openorbit/ext-ai-lm-studio/openorbit`, the LM Studio emulator (Node only) in
 * `@openorbit/ext-ai-lm-studio/emulator`.
 *
 * @packageDocumentation
 * @module @openorbit/ext-ai-lm-studio
 */
export { createLmStudioClient } from './client/client.js';
export { imagePart } from './client/image-part.js';
export type { ImageConverter, ImagePartOptions, ImageSource } from './client/image-part.js';
export type { LmStudioClient } from './client/client.js';
export type { CallOptions, LmStudioClientOptions, LoadedModel, LoadModelOptions, ModelSurface, ServerInfo } from './client/options.js';
export type { ModelsSurface } from './client/models.js';
export type { ChatSurface } from './client/chat.js';
export type { EmbeddingResult, EmbeddingsSurface, EmbeddingUsage } from './client/embeddings.js';
export type { NativeChatSurface } from './client/native-chat.js';
export type { DownloadOptions, DownloadSurface } from './client/downloads.js';
export type { ResponseCallOptions, ResponsesSurface } from './client/responses.js';
export type { ResponsesRunToolsRequest } from './client/run-tools-responses.js';
export type { ConversationOptions, TurnOptions } from './client/conversation.js';
export type { ImageFetch } from './client/response-images.js';
// What the client's methods return: held and iterated, never constructed by users.
export type { ChatStream } from './stream/chat-stream.js';
export type { JsonChatStream } from './client/json-chat-stream.js';
export type { ToolRun } from './client/run-tools.js';
export type { Conversation } from './client/conversation.js';
export type { DownloadJob } from './client/downloads.js';
export type { NativeChatStream } from './stream/native-chat-stream.js';
export type { ResponseStream } from './stream/response-stream.js';
export type { SseStream } from './stream/sse-stream.js';
export type { JsonOutputOptions, JsonResult } from './client/structured-output.js';
export type { JsonSchema } from './client/json-schema-check.js';
export type { GuardDecision, RunnableTool, RunToolsRequest, SkipReason, ToolContext, ToolRunEvent, ToolRunResult } from './client/run-tools.js';
export { LmStudioError, isLmStudioError } from './domain/errors.js';
export type { HostErrorCode, LmStudioErrorCode, LmStudioErrorInit, TimeoutPhase } from './domain/errors.js';
export { DEFAULT_TIMEOUTS } from './http/deadline.js';
export type { Timeouts } from './http/deadline.js';
export { DEFAULT_BASE_URL } from './http/base-url.js';
export type {
  ChatEvent,
  ChatMessage,
  ChatRequest,
  ChatResult,
  ChatTool,
  EmbeddingRequest,
  FinishReason,
  LmModel,
  LoadedInstance,
  ModelType,
  ReasoningEffort,
  WireChatRequest,
  ToolCall,
  Usage,
} from './domain/types.js';
export type {
  DownloadProgress,
  DownloadStatus,
  ImageContentPart,
  InvalidToolCall,
  NativeChatEvent,
  NativeChatInputItem,
  NativeChatRequest,
  NativeChatResult,
  NativeChatStats,
  NativeIntegration,
  NativeReasoning,
  NativeToolCall,
  NativeToolProvider,
} from './domain/native.js';
export type {
  ResponseEvent,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseRequest,
  ResponseResult,
  ResponseStatus,
  ResponseTool,
  StructuredOutput,
  WireResponseRequest,
} from './domain/responses.js';
export type { components, operations, paths } from '../generated/lmstudio.js';
