import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { ChatRequest, ChatResult, EmbeddingRequest, LmModel } from '../domain/types.js';
import { checkHeaderValue, normalizeBaseUrl } from '../http/base-url.js';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_BODY_BYTES, readBodyText, truncateBody } from '../http/read-body.js';
import { redact } from '../http/redact.js';
import { classifyHttpError, extractServerError, tryParseJson, type RequestContext } from '../http/classify.js';
import { Connection } from '../http/connection.js';
import { Deadline, resolveTimeouts, type Timeouts } from '../http/deadline.js';
import { ChatAccumulator } from '../stream/chat-accumulator.js';
import { ChatStream, type StreamOpening } from '../stream/chat-stream.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../stream/sse-decoder.js';
import { modelsFromApiV0, modelsFromApiV1, modelsFromOpenAi } from './map-models.js';
import { JsonChatStream } from './json-chat-stream.js';
import { prepareChatRequest } from './prepare-chat-request.js';
import { ToolRun, type RunToolsRequest } from './run-tools.js';
import { readStructured, withJsonSchema, type JsonOutputOptions, type JsonResult } from './structured-output.js';
import { responseToChunk } from './response-to-chunk.js';

type Schemas = components['schemas'];

export interface LmStudioClientOptions {
  /** Server root; default `http://localhost:1234`. A trailing `/` or `/v1` is accepted. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer`; default the `LM_API_TOKEN` environment variable where one exists. */
  apiKey?: string;
  /** Injectable fetch (tests, proxies, Electron's net.fetch). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Limits; see `DEFAULT_TIMEOUTS`. */
  timeouts?: Partial<Timeouts>;
  /** Largest single stream event accepted (default 4 MiB); a bigger one is a `bad-response`. */
  maxEventBytes?: number;
  /** Default for `CallOptions.recoverToolCalls` (true). */
  recoverToolCalls?: boolean;
  /** Largest whole (non-streamed) response body read (default 64 MiB); a bigger one is a `bad-response`. */
  maxResponseBytes?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Per-call limits, over the client's. */
  timeouts?: Partial<Timeouts>;
  /**
   * When tools are offered, turn tool calls the model wrote as text in `content` (`<tool_call>…`,
   * `[TOOL_REQUEST]…`, …) into ordinary tool calls marked `recovered: true`. Default true.
   */
  recoverToolCalls?: boolean;
}

/** Which of LM Studio's API surfaces the server has, best first. */
export type ModelSurface = 'api-v1' | 'api-v0' | 'openai';

export interface ServerInfo {
  /** The surface model listing uses: LM Studio's `/api/v1` (0.4+), `/api/v0` (0.3.6+), or OpenAI-compatible only. */
  modelsSurface: ModelSurface;
  /** The server root requests go to (127.0.0.1 after a `localhost` fallback). */
  baseUrl: string;
}

export interface LoadModelOptions extends CallOptions {
  /** Context length to load with (tokens). */
  contextLength?: number;
}

export interface LoadedModel {
  /** The instance id: use it as `model` in requests and to unload. */
  instanceId: string;
  type?: string;
  loadTimeSeconds?: number;
  /** The context length it was loaded with, when the server says. */
  contextLength?: number;
}

export interface LmStudioClient {
  /** The openapi-fetch client typed by generated/: any path of openapi/lmstudio.yaml, unwrapped. */
  readonly api: Client<paths>;
  /** The normalised server root. */
  readonly baseUrl: string;
  listModels(options?: CallOptions): Promise<LmModel[]>;
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  streamChat(request: ChatRequest, options?: CallOptions): ChatStream;
  embed(request: EmbeddingRequest, options?: CallOptions): Promise<number[][]>;
  serverInfo(options?: CallOptions): Promise<ServerInfo>;
  /** A structured answer: sends `response_format` `json_schema` (strict), parses and validates the reply. */
  chatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): Promise<JsonResult<T>>;
  /** `chatJson`, streamed: iterate for the text, `result()` for the validated value. */
  streamChatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): JsonChatStream<T>;
  /**
   * A multi-round tool loop over `streamChat`: the model calls tools, they run locally (validated against
   * their schemas), results go back, until the model answers or `maxRounds` is reached.
   */
  runTools(request: RunToolsRequest): ToolRun;
  /** Loads a model through `POST /api/v1/models/load` (LM Studio 0.4.0+). */
  loadModel(model: string, options?: LoadModelOptions): Promise<LoadedModel>;
  /** Unloads a loaded instance through `POST /api/v1/models/unload` (LM Studio 0.4.0+). */
  unloadModel(instanceId: string, options?: CallOptions): Promise<{ instanceId: string }>;
}

/** Reads `LM_API_TOKEN` where an environment exists (Node, Electron main); never imports `node:`. */
function tokenFromEnvironment(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const token = env?.LM_API_TOKEN?.trim();
  return token ? token : undefined;
}

export function createLmStudioClient(options: LmStudioClientOptions = {}): LmStudioClient {
  const { root, urlToken } = normalizeBaseUrl(options.baseUrl);
  const apiKey = options.apiKey?.trim() || urlToken || tokenFromEnvironment();
  const secrets = apiKey ? [apiKey] : [];
  const timeouts = resolveTimeouts(options.timeouts);
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const fetchImpl = options.fetch ?? ((input: Request, init?: RequestInit) => globalThis.fetch(input, init));
  const headers: Record<string, string> = { ...options.headers };
  for (const [name, value] of Object.entries(headers)) checkHeaderValue(`header ${name}`, String(value));
  if (apiKey) {
    checkHeaderValue('API key', apiKey);
    headers.Authorization = `Bearer ${apiKey}`;
  }
  // Error replies are cut to their first 64 KiB before openapi-fetch reads them whole.
  const fetchWithCap = async (input: Request, init?: RequestInit): Promise<Response> => {
    const response = await fetchImpl(input, init);
    return response.ok ? response : truncateBody(response, MAX_ERROR_BODY_BYTES);
  };
  const api = createClient<paths>({ baseUrl: root, fetch: fetchWithCap, headers });
  const connection = new Connection(root, secrets);
  let surface: ModelSurface | undefined;

  const recoverable = (body: ChatRequest, call: CallOptions | undefined): ReadonlySet<string> | undefined => {
    if (!(call?.recoverToolCalls ?? options.recoverToolCalls ?? true) || !body.tools?.length || body.tool_choice === 'none') return undefined;
    return new Set(body.tools.map((tool) => tool.function.name));
  };
  const limits = (call: CallOptions | undefined): Timeouts => (call?.timeouts ? resolveTimeouts({ ...timeouts, ...call.timeouts }) : timeouts);
  const context = (method: string, path: string, model?: string): RequestContext =>
    model === undefined ? { method, path, secrets } : { method, path, model, secrets };

  /** Sends one request under `deadline` and returns its JSON body; every failure becomes an `LmStudioError`. */
  async function json<T>(
    ctx: RequestContext,
    deadline: Deadline,
    idempotent: boolean,
    attempt: (baseUrl: string, signal: AbortSignal) => Promise<{ error?: unknown; response: Response }>,
  ): Promise<T> {
    try {
      const result = await connection.send((baseUrl) => attempt(baseUrl, deadline.signal), { idempotent, signal: deadline.signal });
      const status = result.response.status;
      if (!result.response.ok) throw classifyHttpError(status, result.error, ctx);
      const text = await readBodyText(result.response, maxResponseBytes, `${ctx.method} ${ctx.path}`);
      const body = tryParseJson(text);
      if (body === undefined) {
        throw new LmStudioError('bad-response', {
          status,
          message: `LM Studio answered ${ctx.method} ${ctx.path} with a body that is not JSON.`,
        });
      }
      // HTTP 200 does not mean success: LM Studio's unknown-endpoint reply, and others, carry a top-level error.
      if (extractServerError(body)) throw classifyHttpError(status, body, ctx);
      return body as T;
    } catch (error) {
      throw deadline.error ?? asClientError(error, connection);
    } finally {
      deadline.dispose();
    }
  }

  async function fetchModels(from: ModelSurface, call: CallOptions | undefined): Promise<LmModel[]> {
    const t = limits(call);
    const deadline = new Deadline(call?.signal, Infinity, t.requestMs);
    switch (from) {
      case 'api-v1': {
        const body = await json<Schemas['ModelListV1']>(context('GET', '/api/v1/models'), deadline, true, (baseUrl, signal) =>
          api.GET('/api/v1/models', { baseUrl, signal, parseAs: 'stream' }),
        );
        requireArray(body, 'models', '/api/v1/models');
        return modelsFromApiV1(body);
      }
      case 'api-v0': {
        const body = await json<Schemas['ModelListV0']>(context('GET', '/api/v0/models'), deadline, true, (baseUrl, signal) =>
          api.GET('/api/v0/models', { baseUrl, signal, parseAs: 'stream' }),
        );
        requireArray(body, 'data', '/api/v0/models');
        return modelsFromApiV0(body);
      }
      case 'openai': {
        const body = await json<Schemas['ModelList']>(context('GET', '/v1/models'), deadline, true, (baseUrl, signal) =>
          api.GET('/v1/models', { baseUrl, signal, parseAs: 'stream' }),
        );
        requireArray(body, 'data', '/v1/models');
        return modelsFromOpenAi(body);
      }
    }
  }

  async function listModels(call?: CallOptions): Promise<LmModel[]> {
    const order: ModelSurface[] = surface ? [surface] : ['api-v1', 'api-v0', 'openai'];
    for (const candidate of order) {
      try {
        const models = await fetchModels(candidate, call);
        surface = candidate;
        return models;
      } catch (error) {
        const missing = error instanceof LmStudioError && error.code === 'endpoint-not-found';
        if (missing && surface === candidate) {
          // The remembered surface is gone (another LM Studio version on the same port): probe from the top.
          surface = undefined;
          return listModels(call);
        }
        // A surface this server lacks (LM Studio's 200 "Unexpected endpoint", a 404 elsewhere): try the next.
        if (missing && candidate !== 'openai') continue;
        throw error;
      }
    }
    throw new LmStudioError('endpoint-not-found', { message: 'The server lists no models on any known path.' });
  }

  async function chat(request: ChatRequest, call?: CallOptions): Promise<ChatResult> {
    const body = prepareChatRequest(request, false);
    const t = limits(call);
    // The non-streamed answer arrives whole after generation: only the total limit applies.
    const deadline = new Deadline(call?.signal, Infinity, t.totalMs);
    const ctx = context('POST', '/v1/chat/completions', body.model);
    const response = await json<Schemas['ChatCompletionResponse']>(ctx, deadline, false, (baseUrl, signal) =>
      api.POST('/v1/chat/completions', { baseUrl, signal, body, parseAs: 'stream' }),
    );
    const accumulator = new ChatAccumulator(body.model, undefined, recoverable(body, call));
    accumulator.push(responseToChunk(response, ctx));
    accumulator.finish();
    return accumulator.result();
  }

  function streamChat(request: ChatRequest, call?: CallOptions): ChatStream {
    const body = prepareChatRequest(request, true);
    const t = limits(call);
    const ctx = context('POST', '/v1/chat/completions', body.model);
    return new ChatStream({
      requestedModel: body.model,
      recoverTools: recoverable(body, call),
      idleMs: t.idleMs,
      maxEventBytes,
      context: ctx,
      deadline: () => new Deadline(call?.signal, t.firstTokenMs, t.totalMs),
      open: async (deadline): Promise<StreamOpening> => {
        let result: { error?: unknown; response: Response };
        try {
          result = await connection.send(
            (baseUrl) => api.POST('/v1/chat/completions', { baseUrl, signal: deadline.signal, body, parseAs: 'stream' }),
            { idempotent: false, signal: deadline.signal },
          );
        } catch (error) {
          throw deadline.error ?? asClientError(error, connection);
        }
        const response = result.response;
        if (!response.ok) throw classifyHttpError(response.status, result.error, ctx);
        const type = response.headers.get('content-type') ?? '';
        if (type.includes('text/event-stream') && response.body) return { body: response.body };
        // A 200 that is not a stream: LM Studio's error bodies, or a server that ignored `stream: true`.
        const text = await readBodyText(response, maxResponseBytes, 'POST /v1/chat/completions');
        const parsed = tryParseJson(text);
        if (extractServerError(parsed)) throw classifyHttpError(response.status, parsed, ctx);
        if (parsed !== undefined && typeof parsed === 'object' && parsed !== null && 'choices' in parsed) {
          return { chunk: responseToChunk(parsed as Schemas['ChatCompletionResponse'], ctx, response.status) };
        }
        throw new LmStudioError('bad-response', {
          status: response.status,
          message: `LM Studio answered a streamed chat with ${redact(type, secrets).slice(0, 100) || 'no content type'} instead of an event stream.`,
        });
      },
    });
  }

  async function embed(request: EmbeddingRequest, call?: CallOptions): Promise<number[][]> {
    if (typeof request?.model !== 'string' || request.model === '') {
      throw new LmStudioError('bad-request', { message: 'The embedding request needs a model id.' });
    }
    const t = limits(call);
    const deadline = new Deadline(call?.signal, Infinity, t.totalMs);
    const ctx = context('POST', '/v1/embeddings', request.model);
    const body = { model: request.model, input: request.input };
    const response = await json<Schemas['EmbeddingResponse']>(ctx, deadline, false, (baseUrl, signal) =>
      api.POST('/v1/embeddings', { baseUrl, signal, body, parseAs: 'stream' }),
    );
    requireArray(response, 'data', '/v1/embeddings');
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (vectors.some((v) => !Array.isArray(v))) {
      throw new LmStudioError('bad-response', { message: 'LM Studio answered /v1/embeddings without vectors.' });
    }
    return vectors;
  }

  async function chatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): Promise<JsonResult<T>> {
    const result = await chat(withJsonSchema(request, options), options);
    return { value: await readStructured(result, options), result };
  }

  function streamChatJson<T = unknown>(request: ChatRequest, options: JsonOutputOptions<T> & CallOptions): JsonChatStream<T> {
    return new JsonChatStream(streamChat(withJsonSchema(request, options), options), options);
  }

  /** Model management exists from LM Studio 0.4.0 on; older servers answer "Unexpected endpoint". */
  function needsV1(error: unknown, what: string): never {
    if (error instanceof LmStudioError && error.code === 'endpoint-not-found') {
      throw new LmStudioError('unsupported', {
        ...(error.status !== undefined ? { status: error.status } : {}),
        message: `${what} through the API needs LM Studio 0.4.0 or newer (POST /api/v1/models/${what === 'Loading models' ? 'load' : 'unload'}).`,
        hint: 'Update LM Studio, or use `lms load` / `lms unload` on that machine.',
        cause: error,
      });
    }
    throw error;
  }

  async function loadModel(model: string, call?: LoadModelOptions): Promise<LoadedModel> {
    if (typeof model !== 'string' || model.trim() === '') {
      throw new LmStudioError('bad-request', { message: 'loadModel needs a model id.' });
    }
    const body: Schemas['LoadModelRequest'] = { model, echo_load_config: true };
    if (call?.contextLength !== undefined) {
      if (!Number.isInteger(call.contextLength) || call.contextLength < 1) {
        throw new LmStudioError('bad-request', { message: `contextLength must be a positive integer, not ${String(call.contextLength)}.` });
      }
      body.context_length = call.contextLength;
    }
    const t = limits(call);
    const deadline = new Deadline(call?.signal, Infinity, t.totalMs);
    let response: Schemas['LoadModelResponse'];
    try {
      response = await json<Schemas['LoadModelResponse']>(context('POST', '/api/v1/models/load', model), deadline, false, (baseUrl, signal) =>
        api.POST('/api/v1/models/load', { baseUrl, signal, body, parseAs: 'stream' }),
      );
    } catch (error) {
      needsV1(error, 'Loading models');
    }
    if (typeof response.instance_id !== 'string') {
      throw new LmStudioError('bad-response', { message: 'LM Studio answered /api/v1/models/load without an instance_id.' });
    }
    const out: LoadedModel = { instanceId: response.instance_id };
    if (typeof response.type === 'string') out.type = response.type;
    if (typeof response.load_time_seconds === 'number') out.loadTimeSeconds = response.load_time_seconds;
    const loadedContext = response.load_config?.context_length;
    if (typeof loadedContext === 'number') out.contextLength = loadedContext;
    return out;
  }

  async function unloadModel(instanceId: string, call?: CallOptions): Promise<{ instanceId: string }> {
    if (typeof instanceId !== 'string' || instanceId.trim() === '') {
      throw new LmStudioError('bad-request', { message: 'unloadModel needs an instance id.' });
    }
    const t = limits(call);
    const deadline = new Deadline(call?.signal, Infinity, t.totalMs);
    try {
      const response = await json<Schemas['UnloadModelResponse']>(context('POST', '/api/v1/models/unload', instanceId), deadline, false, (baseUrl, signal) =>
        api.POST('/api/v1/models/unload', { baseUrl, signal, body: { instance_id: instanceId }, parseAs: 'stream' }),
      );
      return { instanceId: typeof response.instance_id === 'string' ? response.instance_id : instanceId };
    } catch (error) {
      needsV1(error, 'Unloading models');
    }
  }

  function runTools(request: RunToolsRequest): ToolRun {
    return new ToolRun((body, call) => streamChat(body, call), request);
  }

  async function serverInfo(call?: CallOptions): Promise<ServerInfo> {
    if (!surface) await listModels(call);
    return { modelsSurface: surface ?? 'openai', baseUrl: connection.baseUrl };
  }

  return { api, baseUrl: root, listModels, chat, streamChat, embed, serverInfo, chatJson, streamChatJson, runTools, loadModel, unloadModel };
}

function requireArray(body: unknown, key: string, path: string): void {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as Record<string, unknown>)[key])) {
    throw new LmStudioError('bad-response', { message: `LM Studio answered ${path} without a "${key}" list.` });
  }
}

/** Anything thrown below that is not ours yet: reading a body failed after the headers. */
function asClientError(error: unknown, connection: Connection): LmStudioError {
  if (error instanceof LmStudioError) return error;
  return connection.unreachable(error);
}
