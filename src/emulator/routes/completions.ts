// POST /v1/completions (text completions) and POST /v1/embeddings.
import { deliverStream, overflowed } from '../delivery.js';
import { failureReply, type Exchange } from '../exchange.js';
import { NO_FAULTS } from '../faults.js';
import { numberField, resolveModel } from '../resolve-model.js';
import { embed, estimatePromptTokens, estimateTokens, planTurn } from '../scripted-model.js';
import { validateAgainst } from '../validate.js';
import { embeddingObject, prettyJson, textCompletionEvents, textCompletionObject } from '../wire.js';
import type { Route } from './route.js';

async function completions(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const failure = validateAgainst('CompletionRequest', body ?? {});
  if (failure) return ex.send(failureReply(failure));
  const req = body as Record<string, unknown>;
  const resolved = await resolveModel(ex, String(req['model']), 'llm', numberField(req['ttl']));
  if (!resolved) return;
  if ('reply' in resolved) return ex.send(resolved.reply);
  const instance = resolved.instance;
  const prompt = Array.isArray(req['prompt']) ? (req['prompt'] as string[]).join('\n') : String(req['prompt']);
  const messages = [{ role: 'user', content: prompt }];
  const stream = req['stream'] === true;
  const promptTokens = estimatePromptTokens({ messages });
  if (await overflowed(ex, stream, promptTokens, instance.contextLength)) return;
  const turn = planTurn({ messages, max_tokens: req['max_tokens'], stop: req['stop'] }, { behaviour: 'normal', toolUse: false, vision: false });
  const meta = { id: `cmpl-${ex.emu.newId()}`, created: ex.emu.created(), model: instance.id };
  if (!stream) return ex.send({ status: 200, body: prettyJson(textCompletionObject(turn, meta)) });
  await deliverStream(ex, textCompletionEvents(turn, meta), { kind: 'end' }, false, NO_FAULTS);
}

async function embeddings(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const failure = validateAgainst('EmbeddingRequest', body ?? {});
  if (failure) return ex.send(failureReply(failure));
  const req = body as Record<string, unknown>;
  const resolved = await resolveModel(ex, String(req['model']), 'embedding', undefined);
  if (!resolved) return;
  if ('reply' in resolved) return ex.send(resolved.reply);
  const instance = resolved.instance;
  const inputs = Array.isArray(req['input']) ? (req['input'] as string[]) : [String(req['input'])];
  const dims = instance.model.embeddingDimensions ?? 8;
  const vectors = inputs.map((text) => embed(text, dims));
  const tokens = inputs.reduce((n, t) => n + estimateTokens(t.length), 0);
  ex.send({ status: 200, body: prettyJson(embeddingObject(instance.id, vectors, tokens)) });
}

export const COMPLETION_ROUTES: Route[] = [
  { method: 'POST', path: '/v1/completions', handler: completions },
  { method: 'POST', path: '/v1/embeddings', handler: embeddings },
];
