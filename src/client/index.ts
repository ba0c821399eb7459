export { createLmStudioClient } from './client.js';
export type { CallOptions, LmStudioClient, LmStudioClientOptions, LoadedModel, LoadModelOptions, ModelSurface, ServerInfo } from './client.js';
export { JsonChatStream } from './json-chat-stream.js';
export type { JsonOutputOptions, JsonResult } from './structured-output.js';
export type { JsonSchema } from './json-schema-check.js';
export { ToolRun } from './run-tools.js';
export type { GuardDecision, RunnableTool, RunToolsRequest, SkipReason, ToolContext, ToolRunEvent, ToolRunResult } from './run-tools.js';
