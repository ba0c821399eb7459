// The models surface: listing (over whichever of LM Studio's surfaces the server has), load and unload.
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { LmModel } from '../domain/types.js';
import { Deadline } from '../http/deadline.js';
import { requireArray, type ClientCore } from './core.js';
import { guardSurface } from './guard.js';
import { modelsFromApiV0, modelsFromApiV1, modelsFromOpenAi } from './map-models.js';
import type { CallOptions, LoadedModel, LoadModelOptions, ModelSurface, ServerInfo } from './options.js';

type Schemas = components['schemas'];

/** The models part of {@link LmStudioClient}: listing, server probing, load and unload. */
export interface ModelsSurface {
  /**
   * Lists the downloaded models, loaded or not, over the richest listing the server has: LM Studio's `/api/v1`
   * (0.4+), `/api/v0` (0.3.6+), or the OpenAI-compatible `/v1/models` (ids only). The surface found is remembered.
   * A metadata call: bounded by `timeouts.requestMs` (default 15 s), retried once on a refused `localhost`.
   *
   * @throws {@link LmStudioError} `unreachable` (with a hint: is the server on?), `timeout` (phase `total`),
   *   `aborted`, `auth` (a token is required or wrong), `endpoint-not-found` (no listing on any known path),
   *   `server-error`, `bad-response` (no model list in the body).
   *
   * @example
   * ```ts
   * const models = await lm.listModels();
   * const chatModel = models.find((m) => m.type !== 'embedding' && m.loaded)?.id;
   * ```
   */
  listModels(options?: CallOptions): Promise<LmModel[]>;
  /** Which listing surface the server has and the root requests go to; lists the models once when not known yet. Raises what {@link ModelsSurface.listModels} raises. */
  serverInfo(options?: CallOptions): Promise<ServerInfo>;
  /** Loads a model through `POST /api/v1/models/load` (LM Studio 0.4.0+). */
  loadModel(model: string, options?: LoadModelOptions): Promise<LoadedModel>;
  /** Unloads a loaded instance through `POST /api/v1/models/unload` (LM Studio 0.4.0+). */
  unloadModel(instanceId: string, options?: CallOptions): Promise<{ instanceId: string }>;
}

export function createModelsSurface(core: ClientCore): ModelsSurface {
  const { requests } = core;
  let surface: ModelSurface | undefined;

  async function fetchModels(from: ModelSurface, call: CallOptions | undefined): Promise<LmModel[]> {
    const deadline = new Deadline(call?.signal, Infinity, core.limits(call).requestMs);
    switch (from) {
      case 'api-v1': {
        const body = await core.json(core.context('GET', '/api/v1/models'), deadline, true, requests.build('get', '/api/v1/models', {}));
        requireArray(body, 'models', '/api/v1/models');
        return modelsFromApiV1(body);
      }
      case 'api-v0': {
        const body = await core.json(core.context('GET', '/api/v0/models'), deadline, true, requests.build('get', '/api/v0/models', {}));
        requireArray(body, 'data', '/api/v0/models');
        return modelsFromApiV0(body);
      }
      case 'openai': {
        const body = await core.json(core.context('GET', '/v1/models'), deadline, true, requests.build('get', '/v1/models', {}));
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

  async function serverInfo(call?: CallOptions): Promise<ServerInfo> {
    if (!surface) await listModels(call);
    return { modelsSurface: surface ?? 'openai', baseUrl: core.connection.baseUrl };
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
    let response: Schemas['LoadModelResponse'];
    try {
      response = await core.json(
        core.context('POST', '/api/v1/models/load', model),
        core.totalDeadline(call),
        false,
        requests.build('post', '/api/v1/models/load', { body }),
      );
    } catch (error) {
      needsV1(error, 'Loading models', 'load');
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
    try {
      const response = await core.json(
        core.context('POST', '/api/v1/models/unload', instanceId),
        core.totalDeadline(call),
        false,
        requests.build('post', '/api/v1/models/unload', { body: { instance_id: instanceId } }),
      );
      return { instanceId: typeof response.instance_id === 'string' ? response.instance_id : instanceId };
    } catch (error) {
      needsV1(error, 'Unloading models', 'unload');
    }
  }

  return guardSurface({ listModels, serverInfo, loadModel, unloadModel }, core.secrets);
}

/** Model management exists from LM Studio 0.4.0 on; older servers answer "Unexpected endpoint". */
function needsV1(error: unknown, what: string, path: 'load' | 'unload'): never {
  if (error instanceof LmStudioError && error.code === 'endpoint-not-found') {
    throw new LmStudioError('unsupported', {
      ...(error.status !== undefined ? { status: error.status } : {}),
      message: `${what} through the API needs LM Studio 0.4.0 or newer (POST /api/v1/models/${path}).`,
      hint: 'Update LM Studio, or use `lms load` / `lms unload` on that machine.',
      cause: error,
    });
  }
  throw error;
}
