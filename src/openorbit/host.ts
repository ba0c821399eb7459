// OpenOrbit's host contract, restated from locdinhki/openorbit@582c1e3 (packages/core/src/ai/provider-types.ts,
// packages/core/src/extensions/types.ts, packages/core/src/errors.ts). The host's packages are not published:
// these declarations are the contract, and test/types/provider.test.ts proves the provider satisfies them.
// Member names, optionality and sync/async are the host's; only what a provider touches is declared.

/** The host's model tiers: a quick model, the everyday one, and the strongest. */
export type ModelTier = 'fast' | 'standard' | 'premium';

/** One text turn of a host chat request. */
export interface AIMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The host's one-shot request: a system prompt and one user message. */
export interface AICompletionRequest {
  systemPrompt: string;
  userMessage: string;
  /** Default `standard`. */
  tier?: ModelTier;
  /** Default 2048 (4096 for tool requests). */
  maxTokens?: number;
  /** Usage-tracking label. */
  task?: string;
}

/** The host's multi-turn chat request. */
export interface AIChatRequest {
  systemPrompt: string;
  messages: AIMessage[];
  tier?: ModelTier;
  maxTokens?: number;
  task?: string;
}

/** Token counts as the host records them. */
export interface AIUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The host's answer to `complete`, `chat` and `stream`. */
export interface AICompletionResponse {
  content: string;
  /** The model that actually answered. */
  model: string;
  usage: AIUsage;
}

/** One chunk passed to `stream()`'s `onChunk`: text deltas, then one final chunk with `done: true`. */
export interface AIStreamChunk {
  delta: string;
  done: boolean;
  /** Final chunk only. */
  model?: string;
  /** Final chunk only. */
  usage?: AIUsage;
}

/** The host's JSON-Schema subset for tool inputs. */
export interface AIToolParameterSchema {
  type: string;
  description?: string;
  properties?: Record<string, AIToolParameterSchema>;
  required?: string[];
  items?: AIToolParameterSchema;
  enum?: string[];
}

/** A tool the host offers to the model. */
export interface AIToolDefinition {
  name: string;
  description: string;
  inputSchema: AIToolParameterSchema;
}

/** A tool call the model made, its input parsed. */
export interface AIToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** A tool's result as the host sends it back to the model. */
export interface AIToolResult {
  toolCallId: string;
  content: string;
  isError?: boolean;
}

/** A one-shot request with tools offered (`completeWithTools`). */
export interface AIToolRequest extends AICompletionRequest {
  tools: AIToolDefinition[];
}

/** The answer to `completeWithTools`: text, tool calls, and whether the model stopped to use tools. */
export interface AIToolResponse extends AICompletionResponse {
  toolCalls: AIToolCall[];
  stopReason: 'end_turn' | 'tool_use';
}

/** An image part of a multimodal host message. */
export interface AIImageContent {
  type: 'image';
  /** Base64. */
  data: string;
  mediaType: string;
}

/** A host message mixing text and images. */
export interface AIMultimodalMessage {
  role: 'user' | 'assistant';
  content: (string | AIImageContent)[];
}

/** What a provider can do, as the host's UI shows it. */
export interface AIProviderCapabilities {
  streaming: boolean;
  toolCalling: boolean;
  vision: boolean;
  /** Read by reference after registration (UI chips, "N models"). */
  models: string[];
}

/** The host's AI provider contract, which `LmStudioProvider` implements. */
export interface AIProvider {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: AIProviderCapabilities;
  /** One answer to a system prompt and a user message. */
  complete(request: AICompletionRequest): Promise<AICompletionResponse>;
  /** One answer to a multi-turn conversation. */
  chat(request: AIChatRequest): Promise<AICompletionResponse>;
  /** `complete`, streamed: `onChunk` gets every delta, then one final chunk with `done: true`. */
  stream?(request: AICompletionRequest, onChunk: (chunk: AIStreamChunk) => void): Promise<AICompletionResponse>;
  /** One answer with tools offered: text and/or tool calls. */
  completeWithTools?(request: AIToolRequest): Promise<AIToolResponse>;
  /** Called synchronously whenever the provider list is built: cheap, no I/O, never throws. */
  isConfigured(): boolean;
  /** Drops cached clients so the next call reads the settings afresh. */
  resetClient?(): void;
}

/** The host's error codes for AI failures (`AIServiceError.code`); auth failures use `AUTH_REQUIRED`. */
export type AIErrorCode = 'AI_CONNECTION_ERROR' | 'AI_REQUEST_ERROR' | 'AI_TIMEOUT' | 'RATE_LIMITED' | 'AUTH_REQUIRED';

/**
 * The shape of the host's `AIServiceError(message, code, context)` (a subclass of its `OpenOrbitError`). The IPC
 * layer sends `{ success: false, error: message, code, context }` to the renderer.
 */
export interface AIServiceErrorShape extends Error {
  readonly name: 'AIServiceError';
  code: string;
  context: Record<string, unknown>;
  recoverable: boolean;
}

/** The host's logger (`ctx.log`). */
export interface Logger {
  /** Diagnostic detail. */
  debug(message: string, ...args: unknown[]): void;
  /** Normal events. */
  info(message: string, ...args: unknown[]): void;
  /** Something went wrong and was handled. */
  warn(message: string, ...args: unknown[]): void;
  /** A failure. */
  error(message: string, ...args: unknown[]): void;
}

/** The host's AI registry as extensions see it (`ctx.services.ai`); only what providers use. */
export interface AIService {
  /** Adds a provider to the host's registry. */
  registerProvider(provider: AIProvider): void;
}

/** What the host passes to an extension's `activate(ctx)`: only the parts an AI provider uses are declared. */
export interface ExtensionContext {
  extensionId: string;
  services: {
    ai: AIService;
    /** Today's host answers `null` for every key; see `createLmStudioExtension({ settings })`. */
    settings: {
      /** The stored value of a setting, or `null`. */
      get(key: string): unknown;
    };
  };
  log: Logger;
  // Also ipc, db, events, storagePath: unused by AI providers.
}

/** A host extension's main-process entry (`./main`'s default export). */
export interface ExtensionMainAPI {
  /** Called once when the host activates the extension. */
  activate(ctx: ExtensionContext): Promise<void>;
  /** Called when the host shuts the extension down. */
  deactivate?(): Promise<void>;
}

/** A host extension's renderer entry (`./renderer`'s default export). */
export interface ExtensionRendererAPI {
  /** Called once in the renderer when the extension is activated. */
  activate(ctx: unknown): void;
  /** Called when the renderer unloads the extension. */
  deactivate?(): void;
}

/** One `contributes.settings[]` entry, exactly as the host's manifest schema takes it. Values are stored as strings. */
export interface SettingContribution {
  key: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'password';
  default?: string;
  description?: string;
}

/**
 * The `openorbit` block of package.json, exactly the host's manifest schema (a zod schema; an invalid manifest
 * makes the host skip the extension with only a log line).
 */
export interface ExtensionManifest {
  /** `^ext-[a-z][a-z0-9-]*$` */
  id: string;
  displayName: string;
  description?: string;
  version?: string;
  /** The Extensions panel groups by it. */
  category?: 'core' | 'ai' | 'integrations' | 'messaging';
  /**
   * A lucide icon name. The host's renderer draws only these (any other shows the name's first letter):
   * briefcase, database, home, building, users, settings, message-circle, list, blocks, zap, send, sparkles,
   * hard-drive, arrow-left, plus, trash, clock, calculator, microphone, shuffle.
   */
  icon: string;
  /** Non-empty. */
  activationEvents: string[];
  main: string;
  renderer: string;
  contributes: { settings?: SettingContribution[] };
}

/** The icon names the host's renderer draws (see `ExtensionManifest.icon`). */
export type HostIconName =
  | 'briefcase'
  | 'database'
  | 'home'
  | 'building'
  | 'users'
  | 'settings'
  | 'message-circle'
  | 'list'
  | 'blocks'
  | 'zap'
  | 'send'
  | 'sparkles'
  | 'hard-drive'
  | 'arrow-left'
  | 'plus'
  | 'trash'
  | 'clock'
  | 'calculator'
  | 'microphone'
  | 'shuffle';
