/**
 * The Responses benchmark's streams, in LM Studio's event grammar (see ../../../../shared/lmstudio-traces/
 * responses-stream-*.payloads.jsonl): `event: <type>` + `data: <compact json>` per event, contiguous
 * `sequence_number`s, `logprobs: []` on every text delta, the whole text again in the `.done` events and in
 * `response.completed`. Deterministic, so children rebuild the expected answer to check nothing was dropped.
 *
 * - `text:N`: one message whose text arrives in N `response.output_text.delta` events.
 * - `call:N`: one function call whose arguments arrive in N `response.function_call_arguments.delta` events (OpenAI's
 *   form; LM Studio 0.3.39–0.4.1 sent them whole in `.done`, which every client also gets here).
 */

export type Kind = 'text' | 'call';

export interface Spec {
  kind: Kind;
  size: number;
}

export const RESPONSE_ID = 'resp_0b1e2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7';
export const CALL_ID = 'call_2025306790300011';
export const CALL_NAME = 'write_file';
const MESSAGE_ID = 'msg_j8xwiqp4xj0qgn3hrsoit9';
const CALL_ITEM_ID = 'fc_z9synwu0kvc33k6e9u3dq4';

export function modelOf(spec: Spec): string {
  return `bench/responses-${spec.kind}-${spec.size}`;
}

export function specOf(model: string): Spec | undefined {
  const m = /^bench\/responses-(text|call)-(\d+)$/.exec(model);
  return m ? { kind: m[1] as Kind, size: Number(m[2]) } : undefined;
}

export function parseSpec(text: string): Spec {
  const [kind, size] = text.split(':');
  if ((kind !== 'text' && kind !== 'call') || !Number.isInteger(Number(size))) throw new Error(`bad workload ${text} (want text:N or call:N)`);
  return { kind, size: Number(size) };
}

/** Events on the wire for `spec` (the unit of "per event" for every client). */
export function wireEvents(spec: Spec): number {
  return spec.kind === 'text' ? spec.size + 8 : spec.size + 6;
}

const WORDS = [' the', ' model', ' streams', ' tokens', ',', ' and', ' a', ' local', ' server', '.', ' café', ' naïve', ' 🙂', ' "quoted"', ' back\\slash', ' 日本語', '\n', ' 42'];

/** The N pieces: text tokens, or argument fragments of one JSON object. */
export function pieces(spec: Spec): string[] {
  const out: string[] = [];
  if (spec.kind === 'text') {
    for (let i = 0; i < spec.size; i++) out.push(WORDS[(i * 7 + (i >> 3)) % WORDS.length] as string);
    return out;
  }
  // {"path":"bench.txt","content":"…"} cut into N fragments: the content is N-2 escaped word pieces.
  out.push('{"path":"bench.txt","content":"');
  for (let i = 0; i < spec.size - 2; i++) out.push(JSON.stringify(WORDS[(i * 5 + (i >> 2)) % WORDS.length]).slice(1, -1));
  out.push('"}');
  return out;
}

export interface Expected {
  content: string;
  arguments: string;
}

export function expected(spec: Spec): Expected {
  const joined = pieces(spec).join('');
  return spec.kind === 'text' ? { content: joined, arguments: '' } : { content: '', arguments: joined };
}

function responseObject(status: string, output: unknown[], usage: unknown, model: string): Record<string, unknown> {
  return {
    id: RESPONSE_ID,
    object: 'response',
    created_at: 1768906211,
    completed_at: status === 'completed' ? 1768906216 : null,
    status,
    incomplete_details: null,
    model,
    previous_response_id: null,
    instructions: null,
    output,
    error: null,
    tools: [],
    tool_choice: 'auto',
    truncation: 'auto',
    parallel_tool_calls: true,
    text: { format: { type: 'text' } },
    top_p: 0.95,
    presence_penalty: 0,
    frequency_penalty: 1.1,
    top_logprobs: 0,
    temperature: 0.8,
    reasoning: { summary: null, effort: null },
    usage,
    max_output_tokens: null,
    max_tool_calls: null,
    store: true,
    background: false,
    service_tier: 'default',
    metadata: {},
    safety_identifier: null,
    prompt_cache_key: null,
  };
}

/** Calls `write` with each SSE event's text, in order. */
export function encode(spec: Spec, write: (event: string) => void): void {
  const model = modelOf(spec);
  let seq = 0;
  const emit = (event: Record<string, unknown>): void => {
    const data = JSON.stringify({ ...event, sequence_number: seq++ });
    write(`event: ${String(event.type)}\ndata: ${data}\n\n`);
  };
  const parts = pieces(spec);
  const whole = parts.join('');
  const usage = { input_tokens: 22, output_tokens: spec.size, total_tokens: 22 + spec.size, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } };
  emit({ type: 'response.created', response: responseObject('in_progress', [], null, model) });
  emit({ type: 'response.in_progress', response: responseObject('in_progress', [], null, model) });
  let item: Record<string, unknown>;
  if (spec.kind === 'text') {
    emit({ type: 'response.output_item.added', output_index: 0, item: { id: MESSAGE_ID, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
    emit({ type: 'response.content_part.added', item_id: MESSAGE_ID, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    for (const delta of parts) emit({ type: 'response.output_text.delta', item_id: MESSAGE_ID, output_index: 0, content_index: 0, delta, logprobs: [] });
    emit({ type: 'response.output_text.done', item_id: MESSAGE_ID, output_index: 0, content_index: 0, text: whole, logprobs: [] });
    const part = { type: 'output_text', text: whole, annotations: [], logprobs: [] };
    emit({ type: 'response.content_part.done', item_id: MESSAGE_ID, output_index: 0, content_index: 0, part });
    item = { id: MESSAGE_ID, type: 'message', status: 'completed', content: [part], role: 'assistant' };
  } else {
    emit({ type: 'response.output_item.added', output_index: 0, item: { id: CALL_ITEM_ID, type: 'function_call', status: 'in_progress', arguments: '', call_id: CALL_ID, name: CALL_NAME } });
    for (const delta of parts) emit({ type: 'response.function_call_arguments.delta', item_id: CALL_ITEM_ID, output_index: 0, delta });
    emit({ type: 'response.function_call_arguments.done', item_id: CALL_ITEM_ID, output_index: 0, arguments: whole });
    item = { id: CALL_ITEM_ID, type: 'function_call', status: 'completed', arguments: whole, call_id: CALL_ID, name: CALL_NAME };
  }
  emit({ type: 'response.output_item.done', output_index: 0, item });
  emit({ type: 'response.completed', response: responseObject('completed', [item], usage, model) });
}
