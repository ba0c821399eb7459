// The deterministic scripted "model": a pure function from a request to a planned turn (reasoning pieces, text
// pieces, tool calls). Same request, same plan.
import { createHash } from 'node:crypto';

export interface PlanModel {
  behaviour: 'normal' | 'reasoning';
  toolUse: boolean;
  vision: boolean;
  /** How the model misbehaves when tools are offered (see `ToolQuirk`); default none. */
  toolQuirk?: ToolQuirk | undefined;
}

/**
 * Ways local models get tool calling wrong, each deterministic. Only when tools are offered (and `tool_choice`
 * is not `none`); without tools every quirky model answers like the normal scripted model, and after a tool
 * result it answers from the result ("The tool returned: …") unless its quirk says to call again.
 *
 * - `bad-args`: the conversation's first tool call has arguments that do not fit the tool's schema (the first
 *   property with a simple type gets a value of the wrong type; else the first required property is left out;
 *   else the arguments are a JSON array). After a `tool` result starting with `Error:` it calls again, once,
 *   with correct arguments.
 * - `bad-json`: the same, but the first call's arguments are truncated JSON text (unparseable).
 * - `repeats` / `repeats-twice`: after a tool result, calls the same tools with the same arguments again, once /
 *   twice, then answers.
 * - `tool-loop`: calls tools on every turn and never answers while tools are offered.
 * - `text-*`: writes its calls as text in `content` (`tool_calls: []`, `finish_reason: "stop"`), as LM Studio does
 *   when it does not parse a model's template: `text-tool-call` `<tool_call>{json}</tool_call>`,
 *   `text-tool-request` `[TOOL_REQUEST]{json}[END_TOOL_REQUEST]`, `text-tools` `<tools>\n    {json}\n</tools>`,
 *   `text-function-call` `<function-call>{json}</function-call>`, `text-function-call-underscore`
 *   `<function_call>{json}</function_call>`; the JSON is `{"name": …, "arguments": {…}}` with Python-style
 *   spacing. Several calls are several blocks separated by a newline (in `<tools>`, several lines in one block).
 */
export const TOOL_QUIRKS = [
  'bad-args',
  'bad-json',
  'repeats',
  'repeats-twice',
  'tool-loop',
  'text-tool-call',
  'text-tool-request',
  'text-tools',
  'text-function-call',
  'text-function-call-underscore',
] as const;

/** One way an emulated model gets tool calling wrong (see {@link TOOL_QUIRKS}). */
export type ToolQuirk = (typeof TOOL_QUIRKS)[number];

/** The quirks that write tool calls as text, with the text of a list of calls. */
const TEXT_CALL_FORMATS: Partial<Record<ToolQuirk, (calls: readonly string[]) => string>> = {
  'text-tool-call': (calls) => calls.map((c) => `<tool_call>${c}</tool_call>`).join('\n'),
  'text-tool-request': (calls) => calls.map((c) => `[TOOL_REQUEST]${c}[END_TOOL_REQUEST]`).join('\n'),
  // As recorded from qwen2.5-coder through LM Studio: one call per line, indented by four spaces.
  'text-tools': (calls) => `<tools>\n${calls.map((c) => `    ${c}`).join('\n')}\n</tools>`,
  'text-function-call': (calls) => calls.map((c) => `<function-call>${c}</function-call>`).join('\n'),
  'text-function-call-underscore': (calls) => calls.map((c) => `<function_call>${c}</function_call>`).join('\n'),
};

/** The text a `text-*` quirk writes for `calls` (arguments as JSON text), or undefined for other quirks. */
export function toolCallsAsText(quirk: ToolQuirk, calls: readonly { name: string; arguments: string }[]): string | undefined {
  const format = TEXT_CALL_FORMATS[quirk];
  return format?.(calls.map((c) => `{"name": ${JSON.stringify(c.name)}, "arguments": ${spacedJson(c.arguments)}}`));
}

/** JSON text re-written with `", "` and `": "` separators, as models (trained on Python's `json.dumps`) write it. */
function spacedJson(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(', ')}]`;
    if (isRecord(v)) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${write(x)}`).join(', ')}}`;
    return JSON.stringify(v) ?? 'null';
  };
  return write(value);
}

/** The request fields the scripted model reads (already validated against the spec). */
export interface PlanInput {
  messages: readonly unknown[];
  tools?: readonly unknown[] | undefined;
  tool_choice?: unknown;
  response_format?: unknown;
  max_tokens?: unknown;
  stop?: unknown;
  reasoning_effort?: unknown;
}

export interface PlannedToolCall {
  /** 9-digit numeric string, like LM Studio's. */
  id: string;
  name: string;
  /** JSON text. */
  arguments: string;
}

export interface PlannedTurn {
  /** Reasoning tokens, streamed as `delta.reasoning_content`. */
  reasoning: string[];
  /** Answer tokens, streamed as `delta.content`. */
  content: string[];
  toolCalls: PlannedToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /**
   * Streams end the text with an empty `{"content":""}` delta (0.4.x), except answers to tool results, which the
   * real trace shows without it.
   */
  emptyFinalDelta: boolean;
}

/** LM Studio-like token pieces: words with their leading space, punctuation alone, whitespace runs kept. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_']+|\s*[^\s\p{L}\p{N}_']|\s+/gu) ?? [];
}

/** The emulator's token estimate: one token per four characters, rounded up. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Text of a message's `content` (string or parts); images are not counted. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (isRecord(p) && p['type'] === 'text' && typeof p['text'] === 'string' ? p['text'] : ''))
      .filter((t) => t.length > 0)
      .join('\n');
  }
  return '';
}

function imageCount(content: unknown): number {
  return Array.isArray(content) ? content.filter((p) => isRecord(p) && p['type'] === 'image_url').length : 0;
}

/** Characters of the prompt: every message's text and tool-call arguments, plus the tool definitions. */
export function promptChars(input: Pick<PlanInput, 'messages' | 'tools'>): number {
  let chars = 0;
  for (const m of input.messages) {
    if (!isRecord(m)) continue;
    chars += contentText(m['content']).length;
    chars += imageCount(m['content']) * 1024;
    if (typeof m['reasoning_content'] === 'string') chars += m['reasoning_content'].length;
    if (Array.isArray(m['tool_calls'])) chars += JSON.stringify(m['tool_calls']).length;
  }
  if (input.tools && input.tools.length > 0) chars += JSON.stringify(input.tools).length;
  return chars;
}

export function estimatePromptTokens(input: Pick<PlanInput, 'messages' | 'tools'>): number {
  return Math.max(1, estimateTokens(promptChars(input)));
}

interface ToolDef {
  name: string;
  description: string;
  parameters: unknown;
}

function toolDefs(tools: readonly unknown[] | undefined): ToolDef[] {
  const out: ToolDef[] = [];
  for (const t of tools ?? []) {
    if (!isRecord(t) || !isRecord(t['function'])) continue;
    const f = t['function'];
    if (typeof f['name'] !== 'string' || f['name'] === '') continue;
    out.push({
      name: f['name'],
      description: typeof f['description'] === 'string' ? f['description'] : '',
      parameters: f['parameters'] ?? { type: 'object', properties: {} },
    });
  }
  return out;
}

/** Plans the assistant turn for a chat request. */
export function planTurn(input: PlanInput, model: PlanModel): PlannedTurn {
  const promptTokens = estimatePromptTokens(input);
  const messages = input.messages.filter(isRecord);
  const last = messages[messages.length - 1];
  const thinks = model.behaviour === 'reasoning' && input.reasoning_effort !== 'none';
  const tools = model.toolUse && input.tool_choice !== 'none' ? toolDefs(input.tools) : [];
  const quirk = tools.length > 0 ? model.toolQuirk : undefined;
  const calls = tools.length > 0 ? callsToMake(messages, tools, quirk) : undefined;
  const callText = calls && quirk ? toolCallsAsText(quirk, calls) : undefined;

  if (calls && calls.length > 0 && callText === undefined) {
    const seedText = JSON.stringify([input.messages, input.tools]);
    const toolCalls = calls.map((call, index) => ({ id: toolCallId(seedText, index), name: call.name, arguments: call.arguments }));
    const reasoning = thinks
      ? tokenize(
          `The user asked: "${clip(lastUserPrompt(messages))}". I will call the ${toolCalls.map((c) => `\`${c.name}\``).join(' and ')} tool${toolCalls.length > 1 ? 's' : ''} with arguments taken from the message.`,
        )
      : [];
    const argTokens = toolCalls.reduce((n, c) => n + argumentPieces(c.arguments).length + 4, 0);
    return {
      reasoning,
      content: [],
      toolCalls,
      finishReason: 'tool_calls',
      promptTokens,
      completionTokens: reasoning.length + argTokens,
      reasoningTokens: reasoning.length,
      emptyFinalDelta: false,
    };
  }

  let answer: string;
  let thought: string;
  if (callText !== undefined && calls) {
    // The template was not parsed: the calls stay text in `content`, and the turn ends with `stop`.
    answer = callText;
    thought = `The user asked: "${clip(lastUserPrompt(messages))}". I will call the ${calls.map((c) => `\`${c.name}\``).join(' and ')} tool${calls.length > 1 ? 's' : ''}.`;
  } else if (last?.['role'] === 'tool') {
    const results: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]?.['role'] === 'tool'; i--) {
      results.unshift(contentText(messages[i]?.['content']));
    }
    answer = `The tool returned: ${results.join('; ')}.`;
    thought = 'The tool returned a result. I will report it to the user.';
  } else if (last?.['role'] === 'user') {
    const text = contentText(last['content']).trim();
    const images = model.vision ? imageCount(last['content']) : 0;
    const schema = jsonSchemaOf(input.response_format);
    if (schema !== undefined) {
      answer = JSON.stringify(valueForSchema(schema, newGenContext(text)));
    } else {
      answer = `You said: ${text}` + (images > 0 ? ` (with ${images} image${images > 1 ? 's' : ''})` : '');
    }
    thought = `The user said: "${clip(text)}". I will answer briefly.`;
  } else {
    answer = 'Hello! How can I help you today?';
    thought = 'There is no new user message. I will greet the user.';
  }

  answer = applyStop(answer, input.stop);
  const reasoning = thinks ? tokenize(thought) : [];
  const content = thinks ? ['\n\n', ...tokenize(answer)] : tokenize(answer);
  const budget = numberOf(input.max_tokens);
  let finishReason: PlannedTurn['finishReason'] = 'stop';
  if (budget !== undefined && budget >= 0 && reasoning.length + content.length > budget) {
    finishReason = 'length';
    const keepReasoning = Math.min(reasoning.length, budget);
    reasoning.length = keepReasoning;
    content.length = Math.max(0, budget - keepReasoning);
  }
  return {
    reasoning,
    content,
    toolCalls: [],
    finishReason,
    promptTokens,
    completionTokens: reasoning.length + content.length,
    reasoningTokens: reasoning.length,
    emptyFinalDelta: finishReason === 'stop' && last?.['role'] !== 'tool',
  };
}

interface CallPlan {
  name: string;
  /** JSON text (not necessarily valid, for the `bad-json` quirk). */
  arguments: string;
}

/**
 * The calls the model makes this turn, or undefined when it answers instead. A normal model calls after a user
 * message and answers after tool results; quirks change that (see `ToolQuirk`).
 */
function callsToMake(messages: readonly Record<string, unknown>[], tools: readonly ToolDef[], quirk: ToolQuirk | undefined): CallPlan[] | undefined {
  const last = messages[messages.length - 1];
  const role = last?.['role'];
  if (role === 'user') {
    const valid = validCalls(lastUserPrompt(messages), tools);
    const firstOfConversation = !messages.some(hasToolCalls);
    if (firstOfConversation && valid.length > 0 && (quirk === 'bad-args' || quirk === 'bad-json')) {
      const [first, ...rest] = valid;
      const broken =
        quirk === 'bad-json' ? truncateJson(JSON.stringify(first!.value)) : JSON.stringify(breakArguments(first!.tool.parameters, first!.value));
      return [{ name: first!.tool.name, arguments: broken }, ...rest.map(asPlan)];
    }
    return valid.map(asPlan);
  }
  if (role !== 'tool' || quirk === undefined) return undefined;

  // The assistant turn whose calls the trailing tool messages answer.
  let at = messages.length - 1;
  while (at >= 0 && messages[at]?.['role'] === 'tool') at--;
  const previous = messages[at];
  if (!previous || !hasToolCalls(previous)) return undefined;
  const previousCalls = (previous['tool_calls'] as unknown[]).map(wireCall);
  const results = messages.slice(at + 1).map((m) => ({ id: m['tool_call_id'], text: contentText(m['content']) }));
  const lastUser = messages.findLastIndex((m) => m['role'] === 'user');
  const roundsSinceUser = messages.slice(lastUser + 1).filter(hasToolCalls).length;

  switch (quirk) {
    case 'bad-args':
    case 'bad-json': {
      // Corrects the conversation's first call, once, when its result was an error.
      if (messages.filter(hasToolCalls).length !== 1) return undefined;
      const valid = validCalls(lastUserPrompt(messages), tools);
      const retries: CallPlan[] = [];
      previousCalls.forEach((call, index) => {
        const result = results.find((r) => r.id !== undefined && r.id === call.id) ?? results[index];
        if (!result || !result.text.trimStart().startsWith('Error:')) return;
        const fix = valid[index]?.tool.name === call.name ? valid[index] : valid.find((v) => v.tool.name === call.name);
        if (fix) retries.push(asPlan(fix));
      });
      return retries.length > 0 ? retries : undefined;
    }
    case 'repeats':
    case 'repeats-twice':
      return roundsSinceUser <= (quirk === 'repeats' ? 1 : 2) ? previousCalls.map((c) => ({ name: c.name, arguments: c.arguments })) : undefined;
    case 'tool-loop':
      return validCalls(lastUserPrompt(messages), tools).map(asPlan);
    default:
      return undefined;
  }
}

interface ValidCall {
  tool: ToolDef;
  value: unknown;
}

/** The tools a normal model calls for `prompt`, with schema-valid arguments taken from it. */
function validCalls(prompt: string, tools: readonly ToolDef[]): ValidCall[] {
  const ctx = newGenContext(prompt);
  return chooseTools(prompt, tools).map((tool) => ({ tool, value: valueForSchema(tool.parameters, ctx) }));
}

function asPlan(call: ValidCall): CallPlan {
  return { name: call.tool.name, arguments: JSON.stringify(call.value) };
}

function hasToolCalls(message: Record<string, unknown>): boolean {
  return message['role'] === 'assistant' && Array.isArray(message['tool_calls']) && message['tool_calls'].length > 0;
}

function wireCall(call: unknown): { id: unknown; name: string; arguments: string } {
  const c = isRecord(call) ? call : {};
  const fn = isRecord(c['function']) ? c['function'] : {};
  return {
    id: c['id'],
    name: typeof fn['name'] === 'string' ? fn['name'] : '',
    arguments: typeof fn['arguments'] === 'string' ? fn['arguments'] : JSON.stringify(fn['arguments'] ?? {}),
  };
}

function lastUserPrompt(messages: readonly Record<string, unknown>[]): string {
  const user = messages.findLast((m) => m['role'] === 'user');
  return user ? contentText(user['content']) : '';
}

/** A proper prefix of JSON object text (about 60 %): never parseable. */
export function truncateJson(text: string): string {
  return text.slice(0, Math.min(text.length - 1, Math.max(1, Math.floor(text.length * 0.6))));
}

/**
 * Arguments that do not fit `schema`, from valid ones: the first property with a simple type gets a value of the
 * wrong type (a number as a string, a string as a number, …); without one, the first required property is left
 * out; without that, the arguments become an array (not an object at all).
 */
export function breakArguments(schema: unknown, value: unknown): unknown {
  const root = isRecord(schema) && typeof schema['$ref'] === 'string' ? resolveRef(schema, schema['$ref']) : schema;
  const s = isRecord(root) && Array.isArray(root['allOf']) ? mergeAllOf(root, schema) : root;
  if (!isRecord(s) || !isRecord(value)) return [value];
  const properties = isRecord(s['properties']) ? s['properties'] : {};
  for (const key of Object.keys(value)) {
    const sub = properties[key];
    if (!isRecord(sub) || sub['type'] === undefined) continue;
    const type = pickType(sub);
    const current = value[key];
    const wrong =
      type === 'number' || type === 'integer'
        ? String(current)
        : type === 'string'
          ? 42
          : type === 'boolean'
            ? 'yes'
            : type === 'array' || type === 'object'
              ? 'example'
              : undefined;
    if (wrong === undefined) continue;
    const out = { ...value };
    Object.defineProperty(out, key, { value: wrong, enumerable: true, writable: true, configurable: true });
    return out;
  }
  const required = Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : [];
  const drop = required.find((r) => Object.hasOwn(value, r));
  if (drop !== undefined) {
    const rest = { ...value };
    delete rest[drop];
    return rest;
  }
  return [value];
}

/** Argument text split into token-like pieces (for `tool-call-tokens` fragmenting). */
export function argumentPieces(args: string): string[] {
  return args.match(/[\p{L}\p{N}_.\-]+|[^\p{L}\p{N}_.\-]+/gu) ?? [];
}

function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function applyStop(text: string, stop: unknown): string {
  const stops = (typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop : []).filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  let cut = text.length;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && at < cut) cut = at;
  }
  return text.slice(0, cut);
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function jsonSchemaOf(responseFormat: unknown): unknown {
  if (!isRecord(responseFormat) || responseFormat['type'] !== 'json_schema') return undefined;
  const js = responseFormat['json_schema'];
  return isRecord(js) ? (js['schema'] ?? {}) : undefined;
}

function toolCallId(seedText: string, index: number): string {
  const digest = createHash('sha256').update(`${seedText}#${index}`).digest();
  return String(100_000_000 + (digest.readUInt32BE(0) % 900_000_000));
}

// ---------------------------------------------------------------------------------------------------------------
// Tool choice

const STOPWORDS = new Set(
  'the a an and or of to in on at for with what whats how is are was be can could would should please me my you your it its this that from into by use using tool tools call function get set give tell show find i we do does'.split(
    ' ',
  ),
);

const SYNONYMS: Record<string, string[]> = {
  plus: ['add', 'sum'],
  sum: ['add'],
  total: ['add', 'sum'],
  times: ['multiply', 'product'],
  product: ['multiply'],
  multiplied: ['multiply'],
  minus: ['subtract'],
  difference: ['subtract'],
  divided: ['divide'],
  quotient: ['divide'],
  temperature: ['weather'],
  forecast: ['weather'],
  clock: ['time'],
};

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Arithmetic written with symbols, between two numbers, as the words tool names and descriptions use. */
const OPERATORS: readonly (readonly [RegExp, string])[] = [
  // Not "times": its stem "time" would match a clock tool.
  [/(?<=\d)\s*[×x*·]\s*(?=[-−]?\d)/g, ' multiplied by '],
  [/(?<=\d)\s*\+\s*(?=[-−]?\d)/g, ' plus '],
  [/(?<=\d)\s*[÷/]\s*(?=[-−]?\d)/g, ' divided '],
  // A bare hyphen between digits is a range or a date ("2020-2021"); spaced, or the minus sign, it subtracts.
  [/(?<=\d)(?:\s+[-–]\s+|\s*−\s*)(?=\d)/g, ' minus '],
];

/** "6 × 7" → "6 multiplied by 7", so a prompt in symbols picks the arithmetic tool rather than the first one offered. */
export function spellOperators(prompt: string): string {
  return OPERATORS.reduce((text, [pattern, word]) => text.replace(pattern, word), prompt);
}

function promptTerms(prompt: string): Map<string, number> {
  // term → first position in the prompt
  const terms = new Map<string, number>();
  words(spellOperators(prompt)).forEach((w, pos) => {
    if (STOPWORDS.has(w)) return;
    // A word with synonyms stands for them, not for its stem ("times" is not "time").
    const synonyms = SYNONYMS[w];
    for (const t of synonyms ? [w, ...synonyms] : [w, stem(w)]) if (!terms.has(t)) terms.set(t, pos);
  });
  return terms;
}

/** One tool (the best match, else the first), or two when the prompt asks for both of two matching tools. */
export function chooseTools(prompt: string, tools: readonly ToolDef[]): ToolDef[] {
  const terms = promptTerms(prompt);
  const scored = tools.map((tool, order) => {
    let score = 0;
    let position = Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    const consider = (w: string, weight: number) => {
      const s = stem(w);
      if (STOPWORDS.has(w) || seen.has(s)) return;
      const pos = terms.get(w) ?? terms.get(s);
      if (pos === undefined) return;
      seen.add(s);
      score += weight;
      position = Math.min(position, pos);
    };
    for (const w of words(tool.name)) consider(w, 3);
    for (const w of words(tool.description)) consider(w, 1);
    return { tool, order, score, position };
  });
  const ranked = scored.slice().sort((a, b) => b.score - a.score || a.order - b.order);
  const best = ranked[0];
  if (!best) return [];
  if (best.score === 0) return [tools[0]!];
  const second = ranked[1];
  const wantsSeveral = /\b(both|and|also|then)\b/i.test(prompt);
  if (wantsSeveral && second && second.score > 0) {
    return [best, second].sort((a, b) => a.position - b.position || a.order - b.order).map((s) => s.tool);
  }
  return [best.tool];
}

// ---------------------------------------------------------------------------------------------------------------
// Values from JSON Schemas

interface GenContext {
  prompt: string;
  numbers: number[];
  strings: string[];
  nextNumber: number;
  nextString: number;
  fallbackNumber: number;
}

function newGenContext(prompt: string): GenContext {
  return {
    prompt,
    numbers: [...prompt.matchAll(/(?<![\p{L}\p{N}.])-?\d+(?:\.\d+)?/gu)].map((m) => Number(m[0])),
    strings: stringCandidates(prompt),
    nextNumber: 0,
    nextString: 0,
    fallbackNumber: 1,
  };
}

/** Quoted phrases, then capitalised words that do not start a sentence. */
function stringCandidates(prompt: string): string[] {
  const out: string[] = [];
  for (const m of prompt.matchAll(/"([^"]+)"|“([^”]+)”|'([^']{2,})'/g)) out.push((m[1] ?? m[2] ?? m[3] ?? '').trim());
  const re = /([.!?]\s*|^\s*)?(\b[A-Z][\p{L}\p{N}-]*(?:\s+[A-Z][\p{L}\p{N}-]*)*)/gu;
  for (const m of prompt.matchAll(re)) {
    if (m[1] !== undefined || m.index === 0) continue; // sentence start
    const phrase = m[2] ?? '';
    if (phrase === 'I' || phrase.length < 2) continue;
    if (!out.includes(phrase)) out.push(phrase);
  }
  return out.filter((s) => s.length > 0);
}

const FREE_TEXT_NAMES = new Set(['query', 'q', 'search', 'text', 'prompt', 'input', 'message', 'question', 'content', 'expression']);

/**
 * A value valid for `schema`, built from the prompt: required properties, strings from the prompt (quoted
 * phrases, capitalised names) or "example", numbers from the prompt in order (else 1, 2, …), the first enum value
 * (or one the prompt mentions), `true` for booleans, nested objects and arrays with their minimum sizes.
 */
export function argumentsForSchema(schema: unknown, prompt: string): unknown {
  return valueForSchema(schema, newGenContext(prompt));
}

function valueForSchema(schema: unknown, ctx: GenContext): unknown {
  return gen(schema, ctx, schema, '', 0);
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return {};
  const segments = ref
    .slice(1)
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const s of segments) node = isRecord(node) ? node[s] : undefined;
  return node ?? {};
}

function mergeAllOf(schema: Record<string, unknown>, root: unknown): Record<string, unknown> {
  const parts = [schema, ...((schema['allOf'] as unknown[]) ?? [])].map((p) =>
    isRecord(p) && typeof p['$ref'] === 'string' ? resolveRef(root, p['$ref']) : p,
  );
  const merged: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of parts) {
    if (!isRecord(p)) continue;
    for (const [k, v] of Object.entries(p)) {
      if (k === 'allOf') continue;
      if (k === 'properties' && isRecord(v)) Object.assign(properties, v);
      else if (k === 'required' && Array.isArray(v)) required.push(...v.filter((x): x is string => typeof x === 'string'));
      else if (!Object.hasOwn(merged, k)) merged[k] = v;
    }
  }
  if (Object.keys(properties).length > 0) merged['properties'] = properties;
  if (required.length > 0) merged['required'] = [...new Set(required)];
  return merged;
}

function gen(schema: unknown, ctx: GenContext, root: unknown, name: string, depth: number): unknown {
  if (schema === true || schema === undefined) return 'example';
  if (!isRecord(schema)) return null;
  if (depth > 12) return null;
  if (typeof schema['$ref'] === 'string') return gen(resolveRef(root, schema['$ref']), ctx, root, name, depth + 1);
  if (Array.isArray(schema['allOf'])) return gen(mergeAllOf(schema, root), ctx, root, name, depth + 1);
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) {
    const lower = ctx.prompt.toLowerCase();
    return schema['enum'].find((v) => typeof v === 'string' && v.length > 1 && lower.includes(v.toLowerCase())) ?? schema['enum'][0];
  }
  const branches = (schema['oneOf'] ?? schema['anyOf']) as unknown;
  if (Array.isArray(branches) && branches.length > 0 && schema['type'] === undefined) {
    const preferred = branches.find((b) => !(isRecord(b) && b['type'] === 'null')) ?? branches[0];
    return gen(preferred, ctx, root, name, depth + 1);
  }
  const type = pickType(schema);
  switch (type) {
    case 'object':
      return genObject(schema, ctx, root, depth);
    case 'array':
      return genArray(schema, ctx, root, name, depth);
    case 'integer':
    case 'number':
      return genNumber(schema, ctx, type === 'integer');
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return genString(schema, ctx, name);
  }
}

function pickType(schema: Record<string, unknown>): string {
  const t = schema['type'];
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') as string | undefined) ?? 'null';
  if (isRecord(schema['properties']) || schema['required'] !== undefined) return 'object';
  if (schema['items'] !== undefined || schema['prefixItems'] !== undefined) return 'array';
  if (schema['minimum'] !== undefined || schema['maximum'] !== undefined) return 'number';
  return 'string';
}

function genObject(schema: Record<string, unknown>, ctx: GenContext, root: unknown, depth: number): Record<string, unknown> {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].filter((r): r is string => typeof r === 'string') : undefined;
  const keys = required ? [...required] : Object.keys(properties);
  const minProperties = typeof schema['minProperties'] === 'number' ? schema['minProperties'] : 0;
  for (const k of Object.keys(properties)) {
    if (keys.length >= minProperties) break;
    if (!keys.includes(k)) keys.push(k);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const sub = Object.hasOwn(properties, key) ? properties[key] : additionalSchema(schema);
    // defineProperty: a property named `__proto__` must stay an own property.
    Object.defineProperty(out, key, { value: gen(sub, ctx, root, key, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function additionalSchema(schema: Record<string, unknown>): unknown {
  const ap = schema['additionalProperties'];
  return isRecord(ap) ? ap : {};
}

function genArray(schema: Record<string, unknown>, ctx: GenContext, root: unknown, name: string, depth: number): unknown[] {
  const prefix = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] : [];
  const items = schema['items'];
  const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const maxItems = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Number.POSITIVE_INFINITY;
  const count = Math.min(Math.max(minItems, prefix.length, items === false ? 0 : 1), maxItems);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const sub = i < prefix.length ? prefix[i] : items;
    let value = gen(sub === undefined ? {} : sub, ctx, root, name, depth + 1);
    if (schema['uniqueItems'] === true && out.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
      if (typeof value === 'string') value = `${value} ${i + 1}`;
      else if (typeof value === 'number') value = value + i;
    }
    out.push(value);
  }
  return out;
}

function genNumber(schema: Record<string, unknown>, ctx: GenContext, integer: boolean): number {
  let value: number;
  const fromPrompt = ctx.numbers[ctx.nextNumber];
  if (fromPrompt !== undefined) {
    ctx.nextNumber++;
    value = fromPrompt;
  } else {
    value = ctx.fallbackNumber++;
  }
  if (integer) value = Math.round(value);
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  const step = integer ? 1 : 0.5;
  const min = num('minimum');
  const max = num('maximum');
  const exMin = num('exclusiveMinimum');
  const exMax = num('exclusiveMaximum');
  if (min !== undefined && value < min) value = integer ? Math.ceil(min) : min;
  if (exMin !== undefined && value <= exMin) value = integer ? Math.floor(exMin) + 1 : exMin + step;
  if (max !== undefined && value > max) value = integer ? Math.floor(max) : max;
  if (exMax !== undefined && value >= exMax) value = integer ? Math.ceil(exMax) - 1 : exMax - step;
  const multipleOf = num('multipleOf');
  if (multipleOf !== undefined && multipleOf > 0) {
    let m = Math.round(value / multipleOf) * multipleOf;
    if (min !== undefined && m < min) m += multipleOf;
    if (max !== undefined && m > max) m -= multipleOf;
    value = Number(m.toPrecision(12));
  }
  return value;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '12:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  'uri-reference': 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  hostname: 'example.com',
  duration: 'PT1H',
};

function genString(schema: Record<string, unknown>, ctx: GenContext, name: string): string {
  let value: string;
  const format = typeof schema['format'] === 'string' ? FORMAT_EXAMPLES[schema['format']] : undefined;
  if (format !== undefined) value = format;
  else if (FREE_TEXT_NAMES.has(name.toLowerCase()) && ctx.prompt.trim().length > 0) value = ctx.prompt.trim();
  else if (ctx.nextString < ctx.strings.length) value = ctx.strings[ctx.nextString++]!;
  else value = 'example';
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Number.POSITIVE_INFINITY;
  if ([...value].length < minLength) value = value + 'x'.repeat(minLength - [...value].length);
  if ([...value].length > maxLength) value = [...value].slice(0, maxLength).join('');
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Embeddings

/** A deterministic unit vector for `text`. */
export function embed(text: string, dimensions: number): number[] {
  const raw: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    const d = createHash('sha256').update(`${i}:${text}`).digest();
    raw.push(d.readUInt32BE(0) / 0xffffffff - 0.5);
  }
  const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0)) || 1;
  return raw.map((v) => Number((v / norm).toFixed(8)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
