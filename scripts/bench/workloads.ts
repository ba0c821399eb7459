/**
 * The benchmark's streams, generated deterministically in LM Studio's exact chunk format (see
 * /work/shared/lmstudio-traces/chat-stream-plain-include-usage-ollmost.sse): the server encodes them, the
 * clients' children rebuild the expected answer from the same generator to check nothing was dropped.
 */

export type Kind = 'text' | 'tools' | 'reasoning';

/** `size`: text deltas (text), argument fragments over all calls (tools), reasoning deltas = text deltas (reasoning). */
export interface Spec {
  kind: Kind;
  size: number;
}

export interface ExpectedCall {
  id: string;
  name: string;
  arguments: string;
}

export interface Expected {
  content: string;
  reasoning: string;
  toolCalls: ExpectedCall[];
  finishReason: 'stop' | 'tool_calls';
  completionTokens: number;
  /** SSE events on the wire, `[DONE]` included: the unit of "events per second" for every client. */
  wireEvents: number;
}

type Delta = Record<string, unknown>;

export const TOOL_CALLS = 4;
export const TOOL_NAMES = ['get_weather', 'read_file', 'search_docs', 'write_file'] as const;
const PROMPT_TOKENS = 22;

export function modelOf(spec: Spec): string {
  return `bench/${spec.kind}-${spec.size}`;
}

export function specOf(model: string): Spec | undefined {
  const m = /^bench\/(text|tools|reasoning)-(\d+)$/.exec(model);
  return m ? { kind: m[1] as Kind, size: Number(m[2]) } : undefined;
}

export function parseSpec(text: string): Spec {
  const [kind, size] = text.split(':');
  if ((kind !== 'text' && kind !== 'tools' && kind !== 'reasoning') || !Number.isInteger(Number(size))) {
    throw new Error(`bad workload ${text} (want text:N, tools:N or reasoning:N)`);
  }
  return { kind, size: Number(size) };
}

export function wireEvents(spec: Spec): number {
  switch (spec.kind) {
    case 'text':
      return spec.size + 3;
    case 'tools':
      return spec.size + TOOL_CALLS + 3;
    case 'reasoning':
      return 2 * spec.size + 3;
  }
}

/** Token-sized pieces, mostly ASCII with some multi-byte characters so UTF-8 sequences get split across reads. */
const VOCABULARY = [
  ' the', ' model', ' streams', ' tokens', ',', ' and', ' a', ' local', ' server', '.', ' LM', ' Studio',
  ' answers', ' quickly', ' with', ' café', ' naïve', ' —', ' 🙂', ' résumé', ' über', '\n', ' of', ' to',
  ' in', ' is', ' that', ' it', ' for', ' on', ' data', ' chunk', ' "quoted"', ' back\\slash', ' über-fast',
  ' 日本語', ' x', ' y', ' then', ' because', ' function', '()', ' {', ' }', ' =', ' 42', ' true', ' null',
];
const ARG_WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'bench', 'stream', 'token', 'fragment', 'tool', 'call', 'json'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* words(seed: number, first: string, count: number): Generator<string> {
  const rnd = prng(seed);
  yield first;
  for (let i = 1; i < count; i++) yield VOCABULARY[Math.floor(rnd() * VOCABULARY.length)] as string;
}

function toolArguments(call: number, fragments: number): string[] {
  const rnd = prng(1000 + call);
  const head = `{"path":"/srv/bench/file-${call}.txt","mode":"overwrite","content":"`;
  const tail = '"}';
  const want = fragments * 9;
  const body: string[] = [];
  let length = head.length + tail.length;
  while (length < want) {
    const word = ARG_WORDS[Math.floor(rnd() * ARG_WORDS.length)] as string;
    body.push(word);
    length += word.length + 1;
  }
  const whole = head + body.join(' ') + tail;
  const pieces: string[] = [];
  let last = 0;
  for (let k = 1; k <= fragments; k++) {
    const at = Math.round((k * whole.length) / fragments);
    pieces.push(whole.slice(last, at));
    last = at;
  }
  return pieces;
}

export function toolCallId(call: number): string {
  return String(318_204_417 + call * 7919);
}

/** The deltas of one stream, in order, then its finish reason. */
export function* deltas(spec: Spec): Generator<Delta> {
  switch (spec.kind) {
    case 'text': {
      let first = true;
      for (const piece of words(1, 'Hello', spec.size)) {
        yield first ? { role: 'assistant', content: piece } : { content: piece };
        first = false;
      }
      return;
    }
    case 'reasoning': {
      let first = true;
      for (const piece of words(2, 'I', spec.size)) {
        yield first ? { role: 'assistant', reasoning_content: piece } : { reasoning_content: piece };
        first = false;
      }
      // LM Studio opens the answer after reasoning with a blank line.
      for (const piece of words(3, '\n\n', spec.size)) yield { content: piece };
      return;
    }
    case 'tools': {
      const per = Math.floor(spec.size / TOOL_CALLS);
      for (let call = 0; call < TOOL_CALLS; call++) {
        const fragments = call === TOOL_CALLS - 1 ? spec.size - per * (TOOL_CALLS - 1) : per;
        const opening = {
          index: call,
          id: toolCallId(call),
          type: 'function',
          function: { name: TOOL_NAMES[call], arguments: '' },
        };
        yield call === 0 ? { role: 'assistant', tool_calls: [opening] } : { tool_calls: [opening] };
        for (const piece of toolArguments(call, fragments)) {
          yield { tool_calls: [{ index: call, type: 'function', function: { arguments: piece } }] };
        }
      }
      return;
    }
  }
}

export function finishReasonOf(spec: Spec): 'stop' | 'tool_calls' {
  return spec.kind === 'tools' ? 'tool_calls' : 'stop';
}

export function completionTokens(spec: Spec): number {
  return spec.kind === 'reasoning' ? 2 * spec.size : spec.size;
}

/**
 * Calls `write` with the stream's SSE text, event by event: content chunks, the finish chunk (`delta: {}`),
 * the usage chunk (`choices: []`) and `data: [DONE]`, byte for byte as LM Studio frames them.
 */
export function encode(spec: Spec, write: (event: string) => void): void {
  const model = modelOf(spec);
  const prefix = `data: {"id":"chatcmpl-bench${spec.kind}${spec.size}x","object":"chat.completion.chunk","created":1790614494,"model":"${model}","system_fingerprint":"${model}","choices":`;
  const open = `${prefix}[{"index":0,"delta":`;
  const close = ',"logprobs":null,"finish_reason":null}]}\n\n';
  for (const delta of deltas(spec)) write(open + JSON.stringify(delta) + close);
  write(`${open}{},"logprobs":null,"finish_reason":"${finishReasonOf(spec)}"}]}\n\n`);
  const completion = completionTokens(spec);
  const reasoningTokens = spec.kind === 'reasoning' ? spec.size : 0;
  write(
    `${prefix}[],"usage":{"prompt_tokens":${PROMPT_TOKENS},"completion_tokens":${completion},"total_tokens":${PROMPT_TOKENS + completion},"completion_tokens_details":{"reasoning_tokens":${reasoningTokens}}}}\n\n`,
  );
  write('data: [DONE]\n\n');
}

/** What a correct client ends with. */
export function expected(spec: Spec): Expected {
  const content: string[] = [];
  const reasoning: string[] = [];
  const args = new Map<number, string[]>();
  for (const delta of deltas(spec)) {
    if (typeof delta.content === 'string') content.push(delta.content);
    if (typeof delta.reasoning_content === 'string') reasoning.push(delta.reasoning_content);
    const calls = delta.tool_calls as { index: number; function: { arguments: string } }[] | undefined;
    for (const call of calls ?? []) {
      const parts = args.get(call.index) ?? [];
      parts.push(call.function.arguments);
      args.set(call.index, parts);
    }
  }
  return {
    content: content.join(''),
    reasoning: reasoning.join(''),
    toolCalls: [...args.entries()].map(([index, parts]) => ({
      id: toolCallId(index),
      name: TOOL_NAMES[index] as string,
      arguments: parts.join(''),
    })),
    finishReason: finishReasonOf(spec),
    completionTokens: completionTokens(spec),
    wireEvents: wireEvents(spec),
  };
}

/** The tools offered in the request (so that every client accepts the calls), as OpenAI-style function tools. */
export const REQUEST_TOOLS = TOOL_NAMES.map((name) => ({
  type: 'function' as const,
  function: {
    name,
    description: `Benchmark tool ${name}.`,
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, mode: { type: 'string' }, content: { type: 'string' } },
      required: ['path', 'mode', 'content'],
    },
  },
}));
