// Model listings (OpenAI-compatible, /api/v0, /api/v1) and model management (/api/v1/models/load, /unload).
import { isEmbedding } from '../catalogue.js';
import { failureReply, objectError, stringError, type Exchange } from '../exchange.js';
import { validateAgainst } from '../validate.js';
import { prettyJson } from '../wire.js';
import type { Route } from './route.js';

async function getModelV0(ex: Exchange, rest: string): Promise<void> {
  let id = rest;
  try {
    id = decodeURIComponent(rest);
  } catch {
    // keep it raw
  }
  const model = ex.emu.catalogue.findModel(id);
  if (!model) {
    return ex.send(objectError(404, { message: `Model "${id}" not found`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' }));
  }
  ex.send({ status: 200, body: prettyJson(ex.emu.catalogue.modelV0(model)) });
}

async function load(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const failure = validateAgainst('LoadModelRequest', body ?? {});
  if (failure) return ex.send(failureReply(failure));
  const req = body as Record<string, unknown>;
  const { catalogue, options } = ex.emu;
  const model = catalogue.findModel(String(req['model']));
  if (!model) {
    return ex.send(
      objectError(404, {
        message: `Model "${String(req['model'])}" not found. Please specify a valid downloaded model.`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      }),
    );
  }
  const contextLength = typeof req['context_length'] === 'number' ? req['context_length'] : undefined;
  if (contextLength !== undefined && contextLength > model.maxContextLength) {
    return ex.send(
      stringError(400, `Requested context length ${contextLength} exceeds the maximum context length of ${model.id} (${model.maxContextLength}).`),
    );
  }
  if (!(await ex.sleep(options.jitLoadMs ?? 0))) return;
  const embedding = isEmbedding(model);
  const config: Record<string, unknown> = embedding
    ? {}
    : {
        eval_batch_size: req['eval_batch_size'] ?? 512,
        flash_attention: req['flash_attention'] ?? true,
        offload_kv_cache_to_gpu: req['offload_kv_cache_to_gpu'] ?? true,
        ...(req['num_experts'] !== undefined ? { num_experts: req['num_experts'] } : {}),
      };
  const instance = catalogue.addInstance(model, { jit: false, ttlSeconds: null, contextLength, config });
  const out: Record<string, unknown> = {
    type: embedding ? 'embedding' : 'llm',
    instance_id: instance.id,
    load_time_seconds: Number(((options.jitLoadMs ?? 0) / 1000 + model.sizeBytes / 2e9).toFixed(3)),
    status: 'loaded',
  };
  if (req['echo_load_config'] === true) out['load_config'] = { context_length: instance.contextLength, ...config };
  ex.send({ status: 200, body: prettyJson(out) });
}

async function unload(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const failure = validateAgainst('UnloadModelRequest', body ?? {});
  if (failure) return ex.send(failureReply(failure));
  const id = String((body as Record<string, unknown>)['instance_id']);
  const instance = ex.emu.catalogue.findInstance(id);
  if (!instance) {
    return ex.send(
      objectError(404, {
        message: `No loaded model instance found with identifier "${id}".`,
        type: 'invalid_request_error',
        param: 'instance_id',
        code: 'model_not_found',
      }),
    );
  }
  ex.emu.catalogue.removeInstance(instance.id);
  ex.send({ status: 200, body: prettyJson({ instance_id: instance.id }) });
}

const listing = (list: (ex: Exchange) => unknown) => async (ex: Exchange) => ex.send({ status: 200, body: prettyJson(list(ex)) });

export const MODEL_ROUTES: Route[] = [
  { method: 'GET', path: '/v1/models', handler: listing((ex) => ex.emu.catalogue.listOpenAi()) },
  { method: 'GET', path: '/api/v0/models', handler: listing((ex) => ex.emu.catalogue.listV0()) },
  { method: 'GET', path: '/api/v0/models', prefix: true, handler: getModelV0 },
  { method: 'GET', path: '/api/v1/models', handler: listing((ex) => ex.emu.catalogue.listV1()) },
  { method: 'POST', path: '/api/v1/models/load', handler: load },
  { method: 'POST', path: '/api/v1/models/unload', handler: unload },
];
