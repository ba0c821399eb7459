// The package's '.' entry: the LM Studio client. Nothing here imports `node:`; it runs in browsers too.
export { createLmStudioClient, JsonChatStream, ToolRun } from './client/index.js';
export type {
  CallOptions,
  JsonOutputOptions,
  JsonResult,
  JsonSchema,
  LmStudioClient,
  LmStudioClientOptions,
  LoadedModel,
  LoadModelOptions,
  ModelSurface,
  ServerInfo,
  GuardDecision,
  RunnableTool,
  RunToolsRequest,
  SkipReason,
  ToolContext,
  ToolRunEvent,
  ToolRunResult,
} from './client/index.js';
export { ChatStream } from './stream/chat-stream.js';
export { AIServiceError, LmStudioProvider } from './provider/index.js';
export type { AIErrorContext, LmStudioProviderOptions, ProviderModelInfo, UsageRow } from './provider/index.js';
export { LmStudioError, isLmStudioError } from './domain/errors.js';
export type { HostErrorCode, LmStudioErrorCode, TimeoutPhase } from './domain/errors.js';
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
export type { components, paths } from '../generated/lmstudio.js';
