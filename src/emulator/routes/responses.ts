// POST /v1/responses (LM Studio 0.3.29+): the scripted model's turn as an OpenAI Responses object or named-event
// stream, stateful through `previous_response_id`, with LM Studio's refusals (tool types, MCP, `text: {}`) and
// the same fault modes as chat.
import { deliverBody, deliverStream, overflowed } from '../delivery.js';
import { failureReply, objectError, type Exchange } from '../exchange.js';
import { shapeStream, splitModelFaults, type StreamEvent } from '../faults.js';
import { activeFaults, answeringModel, preFirstByteFaults } from '../request-faults.js';
import { numberField, resolveModel } from '../resolve-model.js';
import { estimatePromptTokens, planTurn, type PlannedTurn } from '../scripted-model.js';
import type { Emulator } from '../server.js';
import { isObject, validateAgainst } from '../validate.js';
import { contextOverflowMessage, prettyJson } from '../wire.js';
import type { Route } from './route.js';

type Json = Record<string, unknown>;

/** Stored responses per emulator: the chat-form history each id continues (LM Studio keeps them in memory). */
const histories = new WeakMap<Emulator, Map<string, unknown[]>>();

function invalid(param: string, message: string, code: string, type = 'invalid_request_error') {
  return objectError(400, { message, type, param, code });
}

/** LM Studio's own checks, in its order, before the schema. */
function refusal(req: Json) {
  const tools = Array.isArray(req['tools']) ? req['tools'] : [];
  for (const [i, tool] of tools.entries()) {
    const type = isObject(tool) ? tool['type'] : undefined;
    if (type !== 'function' && type !== 'mcp') return invalid(`tools.${i}.type`, "Invalid discriminator value. Expected 'function' | 'mcp'", 'invalid_union_discriminator');
    if (type === 'mcp') {
      const label = isObject(tool) ? String(tool['server_label'] ?? '') : '';
      return invalid(
        'tools',
        `Tool for MCP server '${label}' requires a non-empty 'server_url' for a remote MCP server connection to be attempted. To use this MCP server via a locally running LM Studio plugin, add this MCP server to your mcp.json configuration with a "url" field and set the LM Studio server's MCP mode to "all".`,
        'http_error',
        'external_connector_error',
      );
    }
  }
  const text = req['text'];
  if (isObject(text) && text['format'] === undefined) return invalid('text.format', 'Required', 'missing_required_parameter');
  return undefined;
}

/** `input` (and `instructions`) as the chat messages the scripted model reads. */
function toMessages(input: unknown, instructions: unknown): unknown[] {
  const out: unknown[] = [];
  if (typeof instructions === 'string' && instructions !== '') out.push({ role: 'system', content: instructions });
  if (typeof input === 'string') return [...out, { role: 'user', content: input }];
  for (const item of Array.isArray(input) ? input : []) {
    if (!isObject(item)) continue;
    if (item['type'] === 'function_call') {
      out.push({ role: 'assistant', content: '', tool_calls: [{ id: item['call_id'], type: 'function', function: { name: item['name'], arguments: item['arguments'] } }] });
    } else if (item['type'] === 'function_call_output') {
      out.push({ role: 'tool', tool_call_id: item['call_id'], content: item['output'] });
    } else {
      const content = item['content'];
      const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => (isObject(p) && typeof p['text'] === 'string' ? p['text'] : '')).join('') : '';
      out.push({ role: item['role'] === 'developer' ? 'system' : item['role'], content: text });
    }
  }
  return out;
}

function chatTools(tools: unknown): unknown[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.filter((t) => isObject(t) && t['type'] === 'function').map((t) => ({ type: 'function', function: { name: (t as Json)['name'], description: (t as Json)['description'], parameters: (t as Json)['parameters'] } }));
}

function ids(emu: Emulator) {
  const base36 = (n: number) => `${emu.newId()}${n.toString(36)}`.replace(/[^a-z0-9]/gi, '').toLowerCase().padEnd(21, '0').slice(0, 21);
  return { response: `resp_${emu.newId().replace(/[^a-f0-9]/gi, '').padEnd(48, '0').slice(0, 48)}`, item: (prefix: string, n: number) => `${prefix}_${base36(n)}` };
}

/** The planned turn as output items and LM Studio's event sequence. */
function build(turn: PlannedTurn, base: Json, id: ReturnType<typeof ids>, maxTokens: unknown) {
  const output: Json[] = [];
  const events: Json[] = [];
  const add = (e: Json) => events.push(e);
  if (turn.reasoning.length > 0) {
    const item = { id: id.item('rs', 0), type: 'reasoning', status: 'completed', summary: [], content: [{ type: 'reasoning_text', text: turn.reasoning.join('') }] };
    const at = output.length;
    add({ type: 'response.output_item.added', output_index: at, item: { ...item, status: 'in_progress', content: [] } });
    add({ type: 'response.content_part.added', item_id: item.id, output_index: at, content_index: 0, part: { type: 'reasoning_text', text: '' } });
    for (const delta of turn.reasoning) add({ type: 'response.reasoning_text.delta', item_id: item.id, output_index: at, content_index: 0, delta });
    add({ type: 'response.reasoning_text.done', item_id: item.id, output_index: at, content_index: 0, text: item.content[0]?.text });
    add({ type: 'response.content_part.done', item_id: item.id, output_index: at, content_index: 0, part: item.content[0] });
    add({ type: 'response.output_item.done', output_index: at, item });
    output.push(item);
  }
  if (turn.content.length > 0) {
    const part = { type: 'output_text', text: turn.content.join(''), annotations: [], logprobs: [] };
    const item = { id: id.item('msg', 1), type: 'message', status: 'completed', content: [part], role: 'assistant' };
    const at = output.length;
    add({ type: 'response.output_item.added', output_index: at, item: { ...item, status: 'in_progress', content: [] } });
    add({ type: 'response.content_part.added', item_id: item.id, output_index: at, content_index: 0, part: { ...part, text: '' } });
    for (const delta of turn.content) add({ type: 'response.output_text.delta', item_id: item.id, output_index: at, content_index: 0, delta, logprobs: [] });
    add({ type: 'response.output_text.done', item_id: item.id, output_index: at, content_index: 0, text: part.text, logprobs: [] });
    add({ type: 'response.content_part.done', item_id: item.id, output_index: at, content_index: 0, part });
    add({ type: 'response.output_item.done', output_index: at, item });
    output.push(item);
  }
  for (const [n, call] of turn.toolCalls.entries()) {
    const item = { id: id.item('fc', n + 2), type: 'function_call', status: 'completed', arguments: call.arguments, call_id: `call_${call.id.padStart(16, '0')}`, name: call.name };
    const at = output.length;
    add({ type: 'response.output_item.added', output_index: at, item: { ...item, status: 'in_progress', arguments: '' } });
    add({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: at, arguments: item.arguments });
    add({ type: 'response.output_item.done', output_index: at, item });
    output.push(item);
  }
  const cut = turn.finishReason === 'length';
  const final = {
    ...base,
    completed_at: (base['created_at'] as number) + 1,
    status: cut ? 'incomplete' : 'completed',
    incomplete_details: cut ? { reason: 'max_output_tokens' } : null,
    output,
    max_output_tokens: maxTokens ?? null,
    usage: {
      input_tokens: turn.promptTokens,
      output_tokens: turn.completionTokens,
      total_tokens: turn.promptTokens + turn.completionTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: turn.reasoningTokens },
    },
  };
  const start = { ...base, status: 'in_progress', completed_at: null, output: [], usage: null };
  const all = [{ type: 'response.created', response: start }, { type: 'response.in_progress', response: start }, ...events, { type: cut ? 'response.incomplete' : 'response.completed', response: final }];
  return { final, events: all.map((e, i) => ({ ...e, sequence_number: i })) };
}

async function responses(ex: Exchange): Promise<void> {
  const body = ex.record.body;
  const req: Json = isObject(body) ? body : {};
  const refused = refusal(req);
  if (refused) return ex.send(refused);
  const failure = validateAgainst('ResponseRequest', body);
  if (failure) return ex.send(failureReply(failure));
  const { model: requested, faults: suffixFaults } = splitModelFaults(String(req['model']));
  const active = activeFaults(ex, suffixFaults);
  if (!active.ok) return ex.send(active.reply);
  const faults = active.faults;
  const stream = req['stream'] === true;

  let store = histories.get(ex.emu);
  if (!store) histories.set(ex.emu, (store = new Map()));
  const previous = req['previous_response_id'];
  const history = typeof previous === 'string' ? store.get(previous) : [];
  if (!history) {
    return ex.send(invalid('previous_response_id', `Previous response with id '${String(previous)}' not found.`, 'previous_response_not_found'));
  }

  const resolved = await resolveModel(ex, requested, 'llm', numberField(req['ttl']));
  if (!resolved) return;
  if ('reply' in resolved) return ex.send(resolved.reply);
  const instance = resolved.instance;
  const messages = [...history, ...toMessages(req['input'], req['instructions'])];
  const tools = chatTools(req['tools']);
  const promptTokens = estimatePromptTokens({ messages, tools });
  if (await overflowed(ex, stream, promptTokens, instance.contextLength)) return;
  if (!(await preFirstByteFaults(ex, faults))) return;

  const reasoning = isObject(req['reasoning']) ? req['reasoning']['effort'] : undefined;
  const turn = planTurn(
    { messages, tools, tool_choice: req['tool_choice'], max_tokens: req['max_output_tokens'], reasoning_effort: reasoning },
    { behaviour: instance.model.behaviour ?? 'normal', toolUse: instance.model.toolUse, vision: instance.model.vision, toolQuirk: instance.model.toolQuirk },
  );
  const id = ids(ex.emu);
  const base: Json = {
    id: id.response,
    object: 'response',
    created_at: ex.emu.created(),
    model: answeringModel(ex, instance, faults),
    previous_response_id: typeof previous === 'string' ? previous : null,
    instructions: req['instructions'] ?? null,
    error: null,
    tools: req['tools'] ?? [],
    tool_choice: req['tool_choice'] ?? 'auto',
    truncation: 'auto',
    parallel_tool_calls: true,
    text: { format: { type: 'text' } },
    top_p: 0.95,
    presence_penalty: 0,
    frequency_penalty: 1.1,
    temperature: req['temperature'] ?? 0.8,
    reasoning: { summary: null, effort: reasoning ?? null },
    store: req['store'] !== false,
    background: false,
    service_tier: 'default',
    metadata: {},
  };
  const { final, events } = build(turn, base, id, req['max_output_tokens']);
  if (req['store'] !== false) {
    const calls = turn.toolCalls.map((c) => ({ id: `call_${c.id.padStart(16, '0')}`, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    store.set(id.response, [...messages, { role: 'assistant', content: turn.content.join(''), ...(calls.length > 0 ? { tool_calls: calls } : {}) }]);
  }

  if (!stream) return deliverBody(ex, prettyJson(final), faults);
  const planned: StreamEvent[] = events.map((data) => ({ kind: 'chunk', data }));
  const shaped = shapeStream(planned, faults, contextOverflowMessage(instance.contextLength + 1, instance.contextLength));
  // LM Studio names every event (`event: <type>`); no `[DONE]` ends a Responses stream.
  const named: StreamEvent[] = shaped.events.map((e) =>
    e.kind === 'chunk' ? { kind: 'raw', text: `event: ${String((e.data as Json)['type'] ?? 'message')}\ndata: ${JSON.stringify(e.data)}\n\n` } : e,
  );
  await deliverStream(ex, named, shaped.ending, shaped.drip, faults);
}

export const RESPONSES_ROUTES: Route[] = [{ method: 'POST', path: '/v1/responses', handler: responses }];
