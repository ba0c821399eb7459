// POST /api/v1/chat (LM Studio 0.4.0+): the scripted model's turn as LM Studio's native result or named-event stream,
// with model-load progress spread over a just-in-time load, prompt-processing progress that grows with the prompt,
// stored turns for `previous_response_id`, LM Studio's refusals, and the same fault modes as chat.
import { deliverBody, deliverStream } from '../delivery.js';
import { objectError, stringError, type Exchange } from '../exchange.js';
import { shapeStream, splitModelFaults, type StreamEvent } from '../faults.js';
import { activeFaults, answeringModel, preFirstByteFaults } from '../request-faults.js';
import { resolveModel } from '../resolve-model.js';
import { estimatePromptTokens, planTurn, type PlannedTurn } from '../scripted-model.js';
import type { Emulator } from '../server.js';
import { isObject, validateAgainst } from '../validate.js';
import { imageRefusal, imageUrls } from '../vision.js';
import { contextOverflowMessage, prettyJson } from '../wire.js';
import type { Route } from './route.js';

type Json = Record<string, unknown>;

/** Stored turns per emulator: the chat-form history each `response_id` continues. */
const histories = new WeakMap<Emulator, Map<string, unknown[]>>();

/** How many progress events a just-in-time load sends (LM Studio sends them as the weights load). */
const LOAD_STEPS = 8;
/** Prompt tokens per prompt-processing progress event. */
const TOKENS_PER_STEP = 256;

const invalid = (message: string, param: string | null = null, code = 'invalid_value') => objectError(400, { message, type: 'invalid_request', param, code });

/** LM Studio's refusals of integrations: ephemeral MCP servers on loopback or private addresses (#2161). */
function integrationRefusal(req: Json) {
  const integrations = Array.isArray(req['integrations']) ? req['integrations'] : [];
  for (const integration of integrations) {
    if (!isObject(integration) || integration['type'] !== 'ephemeral_mcp') {
      const id = isObject(integration) ? String(integration['id'] ?? '') : String(integration);
      return invalid(`Plugin "${id}" is not installed or could not be started.`, 'integrations', 'plugin_connection_error');
    }
    const url = String(integration['server_url'] ?? '');
    const host = /^https?:\/\/\[?([^/\]:]+)/i.exec(url)?.[1] ?? '';
    if (/^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|0\.0\.0\.0)/i.test(host)) {
      return invalid(`Ephemeral MCP servers cannot use loopback or private addresses: ${url}`, 'integrations');
    }
    return invalid(`Could not connect to MCP server "${String(integration['server_label'] ?? '')}" at ${url}.`, 'integrations', 'mcp_connection_error');
  }
  return undefined;
}

function toMessages(req: Json): unknown[] {
  const out: unknown[] = [];
  if (typeof req['system_prompt'] === 'string') out.push({ role: 'system', content: req['system_prompt'] });
  const input = req['input'];
  if (typeof input === 'string') return [...out, { role: 'user', content: input }];
  const parts = (Array.isArray(input) ? input : []).filter(isObject).map((item) =>
    item['type'] === 'image' ? { type: 'image_url', image_url: { url: item['data_url'] } } : { type: 'text', text: String(item['content'] ?? '') },
  );
  return [...out, { role: 'user', content: parts }];
}

/** The result object and the events of its generation (after `chat.start`, the load and prompt processing). */
function build(turn: PlannedTurn, model: string, responseId: string | undefined, loadSeconds: number | undefined) {
  const output: Json[] = [];
  const events: Json[] = [];
  if (turn.reasoning.length > 0) {
    output.push({ type: 'reasoning', content: turn.reasoning.join('') });
    events.push({ type: 'reasoning.start' }, ...turn.reasoning.map((content) => ({ type: 'reasoning.delta', content })), { type: 'reasoning.end' });
  }
  const text = turn.content.join('');
  // A turn cut inside its reasoning has no message at all, as LM Studio's (#0.4.24 recording).
  if (text !== '' || turn.reasoning.length === 0) {
    output.push({ type: 'message', content: text });
    events.push({ type: 'message.start' }, ...turn.content.map((content) => ({ type: 'message.delta', content })), { type: 'message.end' });
  }
  const stats: Json = {
    input_tokens: turn.promptTokens,
    total_output_tokens: turn.completionTokens,
    reasoning_output_tokens: turn.reasoningTokens,
    tokens_per_second: 42.5,
    time_to_first_token_seconds: 0.05,
  };
  if (loadSeconds !== undefined) stats['model_load_time_seconds'] = loadSeconds;
  const result: Json = { model_instance_id: model, output, stats };
  if (responseId) result['response_id'] = responseId;
  events.push({ type: 'chat.end', result });
  return { result, events };
}

/** `n` hex digits from the emulator's seeded ids (LM Studio's `resp_` + 48 hex, `job_` + 10 hex). */
export function hexId(emu: Emulator, n: number): string {
  return [...emu.newId(Math.ceil(n / 2))].map((c) => (c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')).join('').slice(0, n);
}

/** LM Studio names every event (`event: <type>`); no `[DONE]` ends a native stream. */
const eventText = (data: Json): string => `event: ${String(data['type'])}\ndata: ${JSON.stringify(data)}\n\n`;
const named = (data: Json): StreamEvent => ({ kind: 'raw', text: eventText(data) });

async function nativeChat(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const req: Json = isObject(body) ? body : {};
  if (typeof req['model'] !== 'string' || req['model'] === '') return ex.send(invalid('"model" is required', 'model', 'missing_required_parameter'));
  const failure = validateAgainst('NativeChatRequest', body);
  if (failure) return ex.send(invalid(failure.kind === 'string' ? failure.message : failure.error.message));
  const refused = integrationRefusal(req);
  if (refused) return ex.send(refused);
  const { model: requested, faults: suffixFaults } = splitModelFaults(req['model']);
  const active = activeFaults(ex, suffixFaults);
  if (!active.ok) return ex.send(active.reply);
  const faults = active.faults;
  const stream = req['stream'] === true;

  let store = histories.get(ex.emu);
  if (!store) histories.set(ex.emu, (store = new Map()));
  const previous = req['previous_response_id'];
  const history = typeof previous === 'string' ? store.get(previous) : [];
  if (!history) return ex.send(invalid(`Previous response with id '${String(previous)}' not found.`, 'previous_response_id', 'previous_response_not_found'));
  const messages = [...history, ...toMessages(req)];
  if (!(await preFirstByteFaults(ex, faults))) return;

  // A just-in-time load streams its progress; anything else resolves before the first byte.
  const { catalogue } = ex.emu;
  const willLoad = catalogue.jit && !catalogue.findInstance(requested) && catalogue.findModel(requested) !== undefined;
  const loads = stream && willLoad;
  const head: Json[] = [];
  let loadSeconds: number | undefined;
  let resolved: Awaited<ReturnType<typeof resolveModel>>;
  if (loads) {
    ex.startEventStream();
    const jitMs = ex.emu.options.jitLoadMs ?? 0;
    const started = Date.now();
    const opening = [{ type: 'chat.start', model_instance_id: requested }, { type: 'model_load.start', model_instance_id: requested }, { type: 'model_load.progress', model_instance_id: requested, progress: 0 }];
    if (!(await ex.write(opening.map(eventText).join('')))) return;
    let loaded = false;
    const loading = resolveModel(ex, requested, 'llm', undefined).finally(() => (loaded = true));
    for (let step = 1; !loaded && step < LOAD_STEPS; step++) {
      if (!(await ex.sleep(jitMs / LOAD_STEPS))) return;
      if (!loaded && !(await ex.write(eventText({ type: 'model_load.progress', model_instance_id: requested, progress: step / LOAD_STEPS })))) return;
    }
    resolved = await loading;
    loadSeconds = (Date.now() - started) / 1000;
    head.push({ type: 'model_load.end', model_instance_id: requested, load_time_seconds: loadSeconds });
  } else {
    const started = Date.now();
    resolved = await resolveModel(ex, requested, 'llm', undefined);
    if (willLoad) loadSeconds = (Date.now() - started) / 1000;
  }
  if (!resolved || ex.aborted) return;
  if ('reply' in resolved) {
    if (!loads) return ex.send(resolved.reply);
    return deliverStream(ex, [named({ type: 'error', error: JSON.parse(resolved.reply.body).error })], { kind: 'end' }, false, faults);
  }
  const instance = resolved.instance;
  const refusedImages = imageRefusal(imageUrls(messages), instance.model.vision);
  const promptTokens = estimatePromptTokens({ messages });
  const overflow = promptTokens >= instance.contextLength ? contextOverflowMessage(promptTokens, instance.contextLength) : undefined;
  const early = refusedImages ?? (overflow ? stringError(400, overflow) : undefined);
  if (early && !loads) return ex.send(early);
  const model = answeringModel(ex, instance, faults);
  if (early) {
    const message = JSON.parse(early.body).error as string;
    return deliverStream(ex, [...head, { type: 'error', error: { type: 'invalid_request', message } }].map(named), { kind: 'end' }, false, faults);
  }

  const reasoning = req['reasoning'];
  const turn = planTurn(
    { messages, max_tokens: req['max_output_tokens'], reasoning_effort: reasoning === 'off' ? 'none' : undefined },
    { behaviour: instance.model.behaviour ?? 'normal', toolUse: false, vision: instance.model.vision },
  );
  const responseId = req['store'] === false ? undefined : `resp_${hexId(ex.emu, 48)}`;
  if (responseId) store.set(responseId, [...messages, { role: 'assistant', content: turn.content.join('') }]);
  const { result, events } = build(turn, model, responseId, loadSeconds);
  if (!stream) return deliverBody(ex, prettyJson(result), faults);

  const steps = Math.min(10, Math.max(1, Math.ceil(promptTokens / TOKENS_PER_STEP)));
  const prompt: Json[] = [{ type: 'prompt_processing.start' }];
  for (let i = 1; i < steps; i++) prompt.push({ type: 'prompt_processing.progress', progress: i / steps });
  prompt.push({ type: 'prompt_processing.end' });
  const all = [...(loads ? head : [{ type: 'chat.start', model_instance_id: model }]), ...prompt, ...events];
  const shaped = shapeStream(
    all.map((data) => ({ kind: 'chunk', data })),
    faults,
    contextOverflowMessage(instance.contextLength + 1, instance.contextLength),
  );
  const out = shaped.events.map((e) => (e.kind === 'chunk' ? named(e.data as Json) : e));
  await deliverStream(ex, out, shaped.ending, shaped.drip, faults);
}

export const NATIVE_CHAT_ROUTES: Route[] = [{ method: 'POST', path: '/api/v1/chat', handler: nativeChat }];
