import { createLmStudioClient, type LmStudioClient, type LmStudioClientOptions } from '../client/index.js';
import { LmStudioError } from '../domain/errors.js';
import type { ChatRequest, LmModel, Usage } from '../domain/types.js';
import type {
  AIChatRequest,
  AICompletionRequest,
  AICompletionResponse,
  AIProvider,
  AIProviderCapabilities,
  AIStreamChunk,
  AIToolRequest,
  AIToolResponse,
  Logger,
  ModelTier,
} from '../openorbit/index.js';
import {
  AIServiceError,
  PROVIDER_ID,
  createHostError,
  describeFailure,
  redactSecret,
  type AIErrorContext,
  type AIServiceErrorClass,
  type FailureParts,
} from './ai-service-error.js';
import { chooseModel, isChatModel } from './choose-model.js';
import { convertToChatMessages, hasImages, type LmStudioChatRequest } from './convert-to-chat-messages.js';
import { convertToolCalls } from './convert-tool-calls.js';
import { ModelDiscovery, type DiscoveryOptions, type DiscoveryResult, type DiscoveryTarget } from './model-discovery.js';
import { prepareTools } from './prepare-tools.js';
import { readConnectionSettings, readSetting, SETTING_KEYS, type ConnectionSettings, type SettingsReader } from './settings.js';
import { usageErrorCode, type UsageErrorCode, type UsageRow } from './usage-row.js';
import { CallbackFailure, connectionKey, deliver, hostUsage, noChatModel, outcome, safeLogger, type Outcome } from './call-support.js';

/** What {@link LmStudioProvider}'s constructor takes; every field is optional. */
export interface LmStudioProviderOptions {
  /** Reads the host's settings store; read at every call (`null` or `''` = default). Default: nothing set. */
  settings?: SettingsReader;
  /** The host's logger (any subset of its levels); never receives the API key. */
  log?: Partial<Logger>;
  /** Injectable fetch (tests, Electron's net.fetch). */
  fetch?: typeof globalThis.fetch;
  /** Receives one row per call, success or failure. A throwing sink is logged and ignored. */
  recordUsage?: (row: UsageRow) => void;
  /**
   * The class every failure is thrown as: pass the host's `AIServiceError` (from `@openorbit/core/errors`) so
   * errors keep their codes across the host's IPC. Default: this package's {@link AIServiceError}.
   */
  errorClass?: AIServiceErrorClass;
  /** Client time limits (see the client's `DEFAULT_TIMEOUTS`). */
  timeouts?: LmStudioClientOptions['timeouts'];
  /** Background discovery timing (defaults: every 0.5 s to 1.5 s while not configured, every 5 min after). */
  discovery?: Partial<DiscoveryOptions>;
  /** Clock for `latencyMs` (tests). */
  now?: () => number;
}

type Method = 'complete' | 'chat' | 'stream' | 'completeWithTools';

/** What `modelInfo()` tells of one model. */
export interface ProviderModelInfo {
  id: string;
  type: LmModel['type'];
  loaded?: boolean;
  /** The context length the model is loaded with: the budget a prompt must fit. */
  contextLength?: number;
  maxContextLength?: number;
  toolUse?: boolean;
}

interface CallPlan {
  client: LmStudioClient;
  model: string;
  maxTokens: number;
}

const TIERS: readonly ModelTier[] = ['fast', 'standard', 'premium'];
const MAX_TOKENS = 2048;
const MAX_TOKENS_WITH_TOOLS = 4096;
/** Failures of a chat request that say the model list is stale. */
const STALE_LIST: ReadonlySet<string> = new Set(['unreachable', 'model-not-found', 'no-model-loaded']);

/**
 * OpenOrbit's `AIProvider` for LM Studio. Every method is an arrow-function property, so the host may call it
 * unbound (`const f = provider.completeWithTools; f(request)`). Every failure is an `AIServiceError`: the host's
 * class when given as `errorClass`, else this package's own.
 */
export class LmStudioProvider implements AIProvider {
  readonly id = PROVIDER_ID;
  readonly displayName = 'LM Studio (Local)';
  /**
   * `models` lists the chat models of the last discovery (the array is updated in place, never replaced);
   * `vision` is true while a loaded model accepts images (LM Studio says which).
   */
  readonly capabilities: AIProviderCapabilities = { streaming: true, toolCalling: true, vision: false, models: [] };

  private readonly settings: SettingsReader;
  private readonly log: Logger;
  private readonly fetchImpl: typeof globalThis.fetch | undefined;
  private readonly usageSink: ((row: UsageRow) => void) | undefined;
  private readonly errorClass: AIServiceErrorClass;
  private readonly timeouts: LmStudioClientOptions['timeouts'];
  private readonly now: () => number;
  private readonly discovery: ModelDiscovery;
  private cached: { key: string; client: LmStudioClient } | undefined;

  /** Makes the provider and starts background model discovery (timers that never keep the process alive; stop them with `dispose()`). */
  constructor(options: LmStudioProviderOptions = {}) {
    this.settings = typeof options.settings === 'function' ? options.settings : () => undefined;
    this.log = safeLogger(options.log);
    this.fetchImpl = options.fetch;
    this.usageSink = options.recordUsage;
    this.errorClass = typeof options.errorClass === 'function' ? options.errorClass : AIServiceError;
    this.timeouts = options.timeouts;
    this.now = options.now ?? Date.now;
    this.discovery = new ModelDiscovery(this.discoveryTarget, this.onDiscovery, options.discovery);
    void this.discovery.run();
  }

  /** True when the last discovery found a chat model. Synchronous, no I/O, never throws. */
  isConfigured = (): boolean => {
    try {
      const last = this.discovery.current;
      // New settings: ask the new server soon (on a timer; nothing happens inline).
      if (last && last.key !== connectionKey(readConnectionSettings(this.settings))) this.discovery.kick();
      return this.discovery.configured;
    } catch {
      return false;
    }
  };

  /** One answer to a system prompt and a user message, with the tier's model. Rejects with an `AIServiceError` (the `LmStudioError` as `cause`). */
  complete = (request: AICompletionRequest): Promise<AICompletionResponse> =>
    this.call('complete', request, {}, async ({ client, model, maxTokens }) => {
      const messages = convertToChatMessages(request?.systemPrompt, [{ role: 'user', content: request?.userMessage }]);
      const result = await client.chat({ model, messages, max_tokens: maxTokens });
      return outcome(result, { content: result.content, model: result.model, usage: hostUsage(result.usage) });
    });

  /**
   * One chat turn over `messages`. Besides the host's text messages, a message may carry the host's multimodal
   * content (`AIMultimodalMessage`: text and `{ type: 'image', data, mediaType }` items), sent to LM Studio as
   * `image_url` parts with inline base64 data URLs; the tier then prefers a loaded model with vision. Images in an
   * assistant message or with a non-image media type are refused (`AI_REQUEST_ERROR`) before anything is sent.
   */
  chat = (request: AIChatRequest | LmStudioChatRequest): Promise<AICompletionResponse> =>
    this.call('chat', request, { vision: hasImages(request?.messages) }, async ({ client, model, maxTokens }) => {
      const turns = Array.isArray(request?.messages) ? request.messages : [];
      const messages = convertToChatMessages(request?.systemPrompt, turns);
      const result = await client.chat({ model, messages, max_tokens: maxTokens });
      return outcome(result, { content: result.content, model: result.model, usage: hostUsage(result.usage) });
    });

  /**
   * One `onChunk({delta, done: false})` per text piece, then exactly one `onChunk({delta: '', done: true, model,
   * usage})`; resolves with `content` equal to the pieces joined. Reasoning is never sent. When `onChunk` throws,
   * the request is cancelled (the connection closes) and `stream()` rejects with an `AIServiceError`
   * (`AI_REQUEST_ERROR`) whose `cause` is what `onChunk` threw. A failed stream sends no final chunk.
   */
  stream = (request: AICompletionRequest, onChunk: (chunk: AIStreamChunk) => void): Promise<AICompletionResponse> =>
    this.call('stream', request, {}, async ({ client, model, maxTokens }) => {
      const messages = convertToChatMessages(request?.systemPrompt, [{ role: 'user', content: request?.userMessage }]);
      const stream = client.streamChat({ model, messages, max_tokens: maxTokens });
      // A throw in this loop's body leaves the iteration, which cancels the request and closes the socket.
      for await (const event of stream) {
        if (event.type === 'text') deliver(onChunk, { delta: event.delta, done: false });
      }
      const result = await stream.result();
      const usage = hostUsage(result.usage);
      deliver(onChunk, { delta: '', done: true, model: result.model, usage });
      // The client's content is exactly the text deltas joined.
      return outcome(result, { content: result.content, model: result.model, usage });
    });

  /**
   * Single-turn tool calling, streamed underneath (so the first-token and idle limits apply). `stopReason` is
   * `tool_use` whenever `toolCalls` is non-empty, whatever the server's finish reason. A call whose arguments are
   * not a JSON object is still returned, with `input = { __raw_arguments, __error }` (see `convertToolCalls`).
   */
  completeWithTools = (request: AIToolRequest): Promise<AIToolResponse> =>
    this.call('completeWithTools', request, { tools: true }, async ({ client, model, maxTokens }) => {
      const messages = convertToChatMessages(request?.systemPrompt, [{ role: 'user', content: request?.userMessage }]);
      const body: ChatRequest = { model, messages, max_tokens: maxTokens };
      const tools = prepareTools(Array.isArray(request?.tools) ? request.tools : []);
      if (tools.length > 0) body.tools = tools;
      const result = await client.streamChat(body).result();
      const toolCalls = convertToolCalls(result.toolCalls);
      return outcome(result, {
        content: result.content,
        model: result.model,
        usage: hostUsage(result.usage),
        toolCalls,
        stopReason: toolCalls.length > 0 ? 'tool_use' : 'end_turn',
      });
    });

  /** Forgets the client and probes again soon. */
  resetClient = (): void => {
    this.cached = undefined;
    this.discovery.kick();
  };

  /**
   * Runs discovery now and resolves with the chat models found (the same ids as `capabilities.models`). Rejects
   * with an `AIServiceError` when the server cannot be asked (the model list is then empty).
   */
  refreshModels = async (): Promise<string[]> => {
    let result = await this.discovery.run();
    const key = connectionKey(readConnectionSettings(this.settings));
    if (result.key !== key) result = await this.discovery.run();
    if (result.error !== undefined) {
      const context: AIErrorContext = { task: 'refresh-models', model: '', provider: PROVIDER_ID };
      throw createHostError(this.errorClass, describeFailure(result.error, context, this.apiKey()));
    }
    return [...this.capabilities.models];
  };

  /**
   * What the last discovery knows of a model: its loaded context length (the context it really runs with, not
   * its maximum) and whether it is loaded, trained for tool use, and its type. `model` is an id, or a tier
   * (`fast`, `standard`, `premium`) to ask about the model that tier would use now. Synchronous, no I/O;
   * `undefined` when the model is unknown or nothing was discovered yet. Hosts use `contextLength` to size prompts.
   */
  modelInfo = (model: string): ProviderModelInfo | undefined => {
    try {
      const models = this.discovery.current?.models ?? [];
      let id = model;
      if ((TIERS as readonly string[]).includes(model)) {
        const tier = model as ModelTier;
        id = readSetting(this.settings, SETTING_KEYS.model[tier]) ?? chooseModel(models, tier)?.id ?? '';
      }
      const found = models.find((m) => m.id === id);
      if (!found) return undefined;
      const info: ProviderModelInfo = { id: found.id, type: found.type };
      if (found.loaded !== undefined) info.loaded = found.loaded;
      if (found.contextLength !== undefined) info.contextLength = found.contextLength;
      if (found.maxContextLength !== undefined) info.maxContextLength = found.maxContextLength;
      if (found.toolUse !== undefined) info.toolUse = found.toolUse;
      return info;
    } catch {
      return undefined;
    }
  };

  /** Stops background discovery (timers and a probe under way). Calls made afterwards still work. */
  dispose = (): void => {
    this.discovery.dispose();
  };

  // ---------------------------------------------------------------------------------------------------------------

  /** The shared frame of every call: settings, model choice, one usage row, host errors, stale-list refresh. */
  private async call<T>(
    method: Method,
    request: { tier?: ModelTier; maxTokens?: number; task?: string } | undefined,
    needs: { tools?: boolean; vision?: boolean },
    send: (plan: CallPlan) => Promise<Outcome<T>>,
  ): Promise<T> {
    const tools = needs.tools === true;
    const started = this.now();
    const task = typeof request?.task === 'string' && request.task !== '' ? request.task : method;
    const tier: ModelTier = TIERS.includes(request?.tier as ModelTier) ? (request?.tier as ModelTier) : 'standard';
    const maxTokens = typeof request?.maxTokens === 'number' ? request.maxTokens : tools ? MAX_TOKENS_WITH_TOOLS : MAX_TOKENS;
    let model = '';
    let apiKey: string | undefined;
    let sent = false;
    try {
      const settings = readConnectionSettings(this.settings);
      apiKey = settings.apiKey;
      const client = this.clientFor(settings);
      model = await this.modelFor(tier, needs);
      this.log.debug(`LM Studio ${method}: task=${task} tier=${tier} model=${model}`);
      sent = true;
      const out = await send({ client, model, maxTokens });
      this.record({ model: out.model || model, task, usage: out.usage, started, success: true });
      return out.value;
    } catch (thrown) {
      const context: AIErrorContext = { task, model, provider: PROVIDER_ID };
      let parts: FailureParts;
      let errorCode: UsageErrorCode;
      if (thrown instanceof CallbackFailure) {
        const reason = thrown.error instanceof Error ? thrown.error.message : String(thrown.error);
        const message = redactSecret(`The stream was stopped because its onChunk callback threw: ${reason}`, apiKey);
        parts = { message, code: 'AI_REQUEST_ERROR', context, cause: thrown.error };
        errorCode = 'STREAM_ERROR';
      } else {
        parts = describeFailure(thrown, context, apiKey);
        errorCode = usageErrorCode(thrown);
      }
      const partial = thrown instanceof LmStudioError ? thrown.partial : undefined;
      this.record({ model, task, usage: partial?.usage, started, success: false, errorCode });
      if (sent && thrown instanceof LmStudioError && STALE_LIST.has(thrown.code)) this.discovery.kick();
      this.log.warn(`LM Studio ${method} failed (task=${task}, model=${model || 'none'}, ${parts.code}): ${parts.message}`);
      throw createHostError(this.errorClass, parts);
    }
  }

  /** The tier's setting when set; otherwise a choice among the discovered models (discovering first if needed). */
  private async modelFor(tier: ModelTier, needs: { tools?: boolean; vision?: boolean }): Promise<string> {
    const configured = readSetting(this.settings, SETTING_KEYS.model[tier]);
    if (configured) return configured;
    const found = await this.discovery.ensure();
    if (!found.usable && found.error !== undefined) throw found.error;
    const chosen = chooseModel(found.models, tier, needs);
    if (!chosen) throw noChatModel(tier, found, this.cached?.client.baseUrl);
    return chosen.id;
  }

  /** One client per base URL and API key; creating one does no I/O. */
  private clientFor(settings: ConnectionSettings): LmStudioClient {
    const key = connectionKey(settings);
    if (this.cached?.key === key) return this.cached.client;
    const options: LmStudioClientOptions = {};
    if (settings.baseUrl !== undefined) options.baseUrl = settings.baseUrl;
    if (settings.apiKey !== undefined) options.apiKey = settings.apiKey;
    if (this.fetchImpl) options.fetch = this.fetchImpl;
    if (this.timeouts) options.timeouts = this.timeouts;
    const client = createLmStudioClient(options);
    if (this.cached) this.log.info(`LM Studio: settings changed; now using ${client.baseUrl}`);
    this.cached = { key, client };
    return client;
  }

  private readonly discoveryTarget = (): DiscoveryTarget => {
    const settings = readConnectionSettings(this.settings);
    return {
      key: connectionKey(settings),
      list: async (signal) => this.clientFor(settings).listModels({ signal }),
    };
  };

  private readonly onDiscovery = (result: DiscoveryResult, previous: DiscoveryResult | undefined): void => {
    const chat = result.models.filter(isChatModel).map((m) => m.id);
    // In place: the host holds this very array since registration.
    this.capabilities.models.splice(0, this.capabilities.models.length, ...chat);
    this.capabilities.vision = result.models.some((m) => isChatModel(m) && m.loaded === true && m.vision === true);
    const where = this.cached?.client.baseUrl ?? 'the configured address';
    const changed = !previous || previous.key !== result.key;
    if (result.usable) {
      if (changed || !previous?.usable) this.log.info(`LM Studio: ${chat.length} chat model(s) available at ${where}.`);
      else this.log.debug(`LM Studio: model list refreshed (${chat.length} chat model(s)).`);
    } else if (result.error !== undefined) {
      const reason = redactSecret(result.error instanceof Error ? result.error.message : String(result.error), this.apiKey());
      if (changed || previous?.usable || previous?.error === undefined) this.log.info(`LM Studio: not available yet; will keep probing. ${reason}`);
      else this.log.debug(`LM Studio: still not available. ${reason}`);
    } else if (changed || previous?.usable || previous?.error !== undefined) {
      this.log.warn(`LM Studio at ${where} lists no chat model (${result.models.length} model(s), all embedding); load one in LM Studio.`);
    }
  };

  private apiKey(): string | undefined {
    return readSetting(this.settings, SETTING_KEYS.apiKey);
  }

  private record(entry: {
    model: string;
    task: string;
    usage: Usage | undefined;
    started: number;
    success: boolean;
    errorCode?: UsageErrorCode;
  }): void {
    if (!this.usageSink) return;
    const row: UsageRow = {
      apiKeyHash: 'lmstudio-local',
      model: entry.model,
      task: entry.task,
      inputTokens: entry.usage?.promptTokens ?? 0,
      outputTokens: entry.usage?.completionTokens ?? 0,
      latencyMs: Math.max(0, this.now() - entry.started),
      success: entry.success,
    };
    if (entry.errorCode !== undefined) row.errorCode = entry.errorCode;
    try {
      this.usageSink(row);
    } catch (error) {
      this.log.warn(`LM Studio: recordUsage threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
