// The client's options and the small result types its surfaces share.
import type { Timeouts } from '../http/deadline.js';

/** What {@link createLmStudioClient} takes; every field is optional (see each default). */
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

/** Per-call options every method takes: an abort signal, limits over the client's, tool-call recovery. */
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

/** What {@link ModelsSurface.serverInfo} reports about the server. */
export interface ServerInfo {
  /** The surface model listing uses: LM Studio's `/api/v1` (0.4+), `/api/v0` (0.3.6+), or OpenAI-compatible only. */
  modelsSurface: ModelSurface;
  /** The server root requests go to (127.0.0.1 after a `localhost` fallback). */
  baseUrl: string;
}

/** Options of {@link ModelsSurface.loadModel}. */
export interface LoadModelOptions extends CallOptions {
  /** Context length to load with (tokens). */
  contextLength?: number;
}

/** What {@link ModelsSurface.loadModel} resolves to: the loaded instance. */
export interface LoadedModel {
  /** The instance id: use it as `model` in requests and to unload. */
  instanceId: string;
  type?: string;
  loadTimeSeconds?: number;
  /** The context length it was loaded with, when the server says. */
  contextLength?: number;
}
