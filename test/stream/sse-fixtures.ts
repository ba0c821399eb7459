/**
 * The project's own LM Studio-shaped streams, written from the wire contract (not copied from traces), so the
 * stream tests cover every shape even where ../shared is absent.
 */
export interface ChunkInit {
  delta?: Record<string, unknown>;
  finish?: string | null;
  usage?: Record<string, unknown>;
  choices?: unknown[];
  model?: string;
}

let created = 1_790_000_000;

export function chunk(init: ChunkInit, id = 'chatcmpl-fixture0000000000001', model = 'qwen/qwen3-4b'): string {
  const body: Record<string, unknown> = {
    id,
    object: 'chat.completion.chunk',
    created: created,
    model: init.model ?? model,
    system_fingerprint: init.model ?? model,
    choices: init.choices ?? [{ index: 0, delta: init.delta ?? {}, logprobs: null, finish_reason: init.finish ?? null }],
  };
  if (init.usage) body.usage = init.usage;
  return JSON.stringify(body);
}

export function sse(events: string[], { eol = '\n', space = true, done = true } = {}): string {
  const prefix = space ? 'data: ' : 'data:';
  const out = events.map((e) => `${prefix}${e}${eol}${eol}`);
  if (done) out.push(`${prefix}[DONE]${eol}${eol}`);
  return out.join('');
}

export const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, completion_tokens_details: { reasoning_tokens: 2 } };

/** Text turn: role on the first delta, trailing empty content, `{}` + stop, usage chunk with `choices: []`. */
export function textStream(pieces: string[], opts: { model?: string } = {}): string[] {
  const events = pieces.map((p, i) => chunk({ delta: i === 0 ? { role: 'assistant', content: p } : { content: p }, ...opts }));
  events.push(chunk({ delta: { content: '' }, ...opts }));
  events.push(chunk({ delta: {}, finish: 'stop', ...opts }));
  events.push(chunk({ choices: [], usage, ...opts }));
  return events;
}

export function reasoningStream(reasoning: string[], text: string[], key: 'reasoning_content' | 'reasoning' = 'reasoning_content'): string[] {
  const events = reasoning.map((r, i) => chunk({ delta: i === 0 ? { role: 'assistant', [key]: r } : { [key]: r } }));
  text.forEach((t) => events.push(chunk({ delta: { content: t } })));
  events.push(chunk({ delta: {}, finish: 'stop' }));
  events.push(chunk({ choices: [], usage }));
  return events;
}

export interface CallSpec {
  index: number;
  id?: string;
  name: string;
  /** Argument pieces, in order. */
  args: string[];
}

/** Tool-call fragments as LM Studio sends them: a head with id and name, then `index` + `type` + argument pieces. */
export function toolStream(calls: CallSpec[], { interleave = false, emptyName = false } = {}): string[] {
  const events: string[] = [];
  const head = (c: CallSpec): string =>
    chunk({
      delta: {
        role: 'assistant',
        tool_calls: [{ index: c.index, ...(c.id ? { id: c.id } : {}), type: 'function', function: { name: c.name, arguments: '' } }],
      },
    });
  const piece = (c: CallSpec, a: string): string =>
    chunk({ delta: { tool_calls: [{ index: c.index, type: 'function', function: { ...(emptyName ? { name: '' } : {}), arguments: a } }] } });
  if (interleave) {
    calls.forEach((c) => events.push(head(c)));
    const longest = Math.max(...calls.map((c) => c.args.length));
    for (let i = 0; i < longest; i++) for (const c of calls) if (i < c.args.length) events.push(piece(c, c.args[i] as string));
  } else {
    for (const c of calls) {
      events.push(head(c));
      for (const a of c.args) events.push(piece(c, a));
    }
  }
  events.push(chunk({ delta: {}, finish: 'tool_calls' }));
  events.push(chunk({ choices: [], usage }));
  return events;
}
