export { createLmStudioClient } from './client.js';
export type { CallOptions, LmStudioClient, LmStudioClientOptions, LoadedModel, LoadModelOptions, ModelSurface, ServerInfo } from './client.js';
export { JsonChatStream } from './json-chat-stream.js';
export type { JsonOutputOptions, JsonResult } from './structured-output.js';
export type { JsonSchema } from './json-schema-check.js';
export { ToolRun } from './run-tools.js';
export type { GuardDecision, RunnableTool, RunToolsRequest, SkipReason, ToolContext, ToolRunEvent, ToolRunResult } from './run-tools.js';
export { Conversation } from './conversation.js';
export type { ConversationOptions, TurnOptions } from './conversation.js';
export type { ResponseCallOptions, ResponsesSurface } from './responses.js';
export type { ResponsesRunToolsRequest } from './run-tools-responses.js';
export type { ImageFetch } from './response-images.js';
export { ResponseStream } from '../stream/response-stream.js';
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
} from '../domain/responses.js';
