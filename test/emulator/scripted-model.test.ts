// The deterministic scripted model: text answers, tool calls with schema-valid arguments, reasoning, limits.
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { argumentsForSchema, tokenize } from '../../src/emulator/index.js';
import { planTurn, type PlanModel } from '../../src/emulator/scripted-model.js';
import { LOADED_LLM, REASONING, SMALL_CONTEXT, VLM, chatBody, chunksOf, json, post, useEmulators } from './helpers.js';

const emulator = useEmulators();

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addFormat('email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/);
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);

function schemaErrors(schema: object, value: unknown): string | undefined {
  const validate = ajv.compile(schema);
  return validate(value) ? undefined : `${ajv.errorsText(validate.errors)} for ${JSON.stringify(value)}`;
}

const tool = (name: string, description: string, parameters: object) => ({ type: 'function', function: { name, description, parameters } });

const WEATHER = tool('get_weather', 'Get the current weather for a city', {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city', 'unit'],
});
const TIME = tool('get_time', 'Get the current time in a timezone', {
  type: 'object',
  properties: { timezone: { type: 'string' } },
  required: ['timezone'],
});
const ADD = tool('add', 'Add two numbers', {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
});
const MULTIPLY = tool('multiply', 'Multiply two numbers', {
  type: 'object',
  properties: { x: { type: 'number' }, y: { type: 'number' } },
  required: ['x', 'y'],
});

const NORMAL: PlanModel = { behaviour: 'normal', toolUse: true, vision: false };
const user = (content: unknown) => [{ role: 'user', content }];

// ---------------------------------------------------------------------------------------------------------------
// Arbitrary JSON Schemas of the kinds tools use

const leafSchema: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc
    .tuple(fc.nat({ max: 12 }), fc.nat({ max: 12 }))
    .map(([a, b]) => ({ type: 'string', minLength: Math.min(a, b), maxLength: Math.max(a, b) })),
  fc.constantFrom('date-time', 'email', 'uri', 'uuid', 'date').map((format) => ({ type: 'string', format })),
  fc.constant({ type: 'integer' }),
  fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }))
    .map(([a, b]) => ({ type: 'integer', minimum: Math.min(a, b), maximum: Math.max(a, b) })),
  fc.integer({ min: 2, max: 7 }).map((k) => ({ type: 'integer', multipleOf: k })),
  fc.double({ min: -100, max: 100, noNaN: true }).map((m) => ({ type: 'number', exclusiveMinimum: m })),
  fc.double({ min: -100, max: 100, noNaN: true }).map((m) => ({ type: 'number', exclusiveMaximum: m })),
  fc.constant({ type: 'number' }),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: 'null' }),
  fc.uniqueArray(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { minLength: 1, maxLength: 4 }).map((e) => ({ enum: e })),
  fc.jsonValue({ maxDepth: 1 }).map((v) => ({ const: v })),
  fc.constant({ type: ['string', 'null'] }),
  fc.constant({ anyOf: [{ type: 'integer' }, { type: 'null' }] }),
  fc.constant({ description: 'anything' }),
);

const { schema: anySchema } = fc.letrec<{ schema: Record<string, unknown>; object: Record<string, unknown> }>((tie) => ({
  schema: fc.oneof({ maxDepth: 3, depthIdentifier: 'schema' }, leafSchema, tie('object'), arraySchema(tie('schema'))),
  object: fc
    .dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), tie('schema'), { maxKeys: 4 })
    .chain((properties) =>
      fc.record({
        type: fc.constant('object'),
        properties: fc.constant(properties),
        required: fc.subarray(Object.keys(properties)),
        additionalProperties: fc.boolean(),
      }),
    ),
}));

function arraySchema(items: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    fc
      .tuple(items, fc.nat({ max: 3 }), fc.nat({ max: 3 }))
      .map(([it, a, b]) => ({ type: 'array', items: it, minItems: Math.min(a, b), maxItems: Math.max(a, b) })),
    fc.nat({ max: 4 }).map((n) => ({ type: 'array', items: { type: 'string' }, minItems: n, uniqueItems: true })),
  );
}

const objectSchema = anySchema.map((s) => ({
  type: 'object',
  properties: { value: s, label: { type: 'string' } },
  required: ['value', 'label'],
}));

const prompt = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .tuple(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 4 }), fc.constantFrom('in Paris', 'for "New York"', 'please'))
    .map(([nums, tail]) => `Compute ${nums.join(' and ')} ${tail}`),
);

describe('argumentsForSchema', () => {
  it('always produces a value valid for the schema (property)', () => {
    fc.assert(
      fc.property(anySchema, prompt, (schema, text) => {
        expect(schemaErrors(schema, argumentsForSchema(schema, text))).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('resolves local $refs and allOf', () => {
    const schema = {
      type: 'object',
      $defs: { point: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x', 'y'] } },
      properties: { from: { $ref: '#/$defs/point' }, to: { allOf: [{ $ref: '#/$defs/point' }, { required: ['label'], properties: { label: { type: 'string' } } }] } },
      required: ['from', 'to'],
    };
    const value = argumentsForSchema(schema, 'from 1,2 to 3,4');
    expect(schemaErrors(schema, value)).toBeUndefined();
    expect(value).toEqual({ from: { x: 1, y: 2 }, to: { x: 3, y: 4, label: 'example' } });
  });

  it('takes numbers and names from the prompt, prefers a mentioned enum value', () => {
    expect(argumentsForSchema(ADD.function.parameters, 'What is -4 plus 10.5?')).toEqual({ a: -4, b: 10.5 });
    expect(argumentsForSchema(WEATHER.function.parameters, 'Weather in Paris in fahrenheit please')).toEqual({ city: 'Paris', unit: 'fahrenheit' });
    expect(argumentsForSchema(WEATHER.function.parameters, 'weather?')).toEqual({ city: 'example', unit: 'celsius' });
    expect(argumentsForSchema({ type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }, ' best pizza ')).toEqual({
      query: 'best pizza',
    });
    expect(argumentsForSchema({ type: 'object', properties: { n: { type: 'integer' }, m: { type: 'integer' } } }, 'no digits')).toEqual({ n: 1, m: 2 });
  });
});

describe('planTurn', () => {
  it('tokenize keeps every character (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => tokenize(s).join('') === s));
    expect(tokenize('Hello there, how are you?')).toEqual(['Hello', ' there', ',', ' how', ' are', ' you', '?']);
  });

  it('answers the last user message, deterministically', () => {
    const a = planTurn({ messages: [{ role: 'system', content: 'be nice' }, ...user('Hi there')] }, NORMAL);
    expect(a.content.join('')).toBe('You said: Hi there');
    expect(a.finishReason).toBe('stop');
    expect(a.reasoning).toEqual([]);
    expect(planTurn({ messages: [{ role: 'system', content: 'be nice' }, ...user('Hi there')] }, NORMAL)).toEqual(a);
    expect(planTurn({ messages: user([{ type: 'text', text: 'part one' }, { type: 'text', text: 'two' }]) }, NORMAL).content.join('')).toBe(
      'You said: part one\ntwo',
    );
  });

  it('picks the tool that matches the prompt, else the first', () => {
    const pick = (text: string, tools: unknown[]) => planTurn({ messages: user(text), tools }, NORMAL).toolCalls.map((c) => c.name);
    expect(pick('What time is it in Tokyo?', [WEATHER, TIME])).toEqual(['get_time']);
    expect(pick('Is it raining in Oslo? Check the weather', [TIME, WEATHER])).toEqual(['get_weather']);
    expect(pick('What is 6 times 7?', [ADD, MULTIPLY])).toEqual(['multiply']);
    expect(pick('Hello', [TIME, WEATHER])).toEqual(['get_time']);
  });

  it('calls two tools when the prompt asks for both', () => {
    const turn = planTurn({ messages: user('Add 2 and 3, and multiply 4 by 5'), tools: [MULTIPLY, ADD] }, NORMAL);
    expect(turn.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ['add', { a: 2, b: 3 }],
      ['multiply', { x: 4, y: 5 }],
    ]);
    expect(turn.finishReason).toBe('tool_calls');
    expect(new Set(turn.toolCalls.map((c) => c.id)).size).toBe(2);
    for (const c of turn.toolCalls) expect(c.id).toMatch(/^\d{9}$/);
  });

  it('no tool call with tool_choice "none", for models without tool use, or after a tool result', () => {
    expect(planTurn({ messages: user('weather in Paris'), tools: [WEATHER], tool_choice: 'none' }, NORMAL).toolCalls).toEqual([]);
    expect(planTurn({ messages: user('weather in Paris'), tools: [WEATHER] }, { ...NORMAL, toolUse: false }).toolCalls).toEqual([]);
    const after = planTurn(
      {
        messages: [
          ...user('weather in Paris and time in Tokyo'),
          { role: 'assistant', content: '', tool_calls: [] },
          { role: 'tool', tool_call_id: '1', content: '21 C' },
          { role: 'tool', tool_call_id: '2', content: '10:00' },
        ],
        tools: [WEATHER, TIME],
      },
      NORMAL,
    );
    expect(after.toolCalls).toEqual([]);
    expect(after.content.join('')).toBe('The tool returned: 21 C; 10:00.');
  });

  it('reasoning models think first unless reasoning_effort is none', () => {
    const model: PlanModel = { behaviour: 'reasoning', toolUse: true, vision: true };
    const turn = planTurn({ messages: user('hi') }, model);
    expect(turn.reasoning.length).toBeGreaterThan(0);
    expect(turn.content[0]).toBe('\n\n');
    expect(turn.reasoningTokens).toBe(turn.reasoning.length);
    expect(turn.completionTokens).toBe(turn.reasoning.length + turn.content.length);
    expect(planTurn({ messages: user('hi'), reasoning_effort: 'none' }, model).reasoning).toEqual([]);
    const tools = planTurn({ messages: user('weather in Paris'), tools: [WEATHER] }, model);
    expect(tools.reasoning.join('')).toContain('get_weather');
    expect(tools.content).toEqual([]);
  });

  it('max_tokens cuts with finish_reason length; stop cuts the text', () => {
    const cut = planTurn({ messages: user('one two three four five six'), max_tokens: '4' }, NORMAL);
    expect(cut.finishReason).toBe('length');
    expect(cut.completionTokens).toBe(4);
    expect(cut.content.join('')).toBe('You said: one');
    expect(planTurn({ messages: user('one two three'), max_tokens: -1 }, NORMAL).finishReason).toBe('stop');
    expect(planTurn({ messages: user('one two three'), stop: ['two'] }, NORMAL).content.join('')).toBe('You said: one ');
  });

  it('mentions images for vision models only', () => {
    const content = [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
    ];
    expect(planTurn({ messages: user(content) }, { ...NORMAL, vision: true }).content.join('')).toBe('You said: What is this? (with 1 image)');
    expect(planTurn({ messages: user(content) }, NORMAL).content.join('')).toBe('You said: What is this?');
  });
});

describe('through the server', () => {
  it('tool-call arguments are valid for the offered schema (property)', async () => {
    const h = await emulator();
    await fc.assert(
      fc.asyncProperty(objectSchema, prompt, fc.boolean(), async (parameters, text, stream) => {
        const res = await post(h, '/v1/chat/completions', {
          model: LOADED_LLM,
          stream,
          messages: [{ role: 'user', content: text }],
          tools: [tool('do_it', 'Does it', parameters)],
        });
        expect(res.status).toBe(200);
        let args: string;
        if (stream) {
          const frags = chunksOf(await res.text()).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
          args = frags.map((f: { function: { arguments: string } }) => f.function.arguments).join('');
        } else {
          args = (await json(res)).choices[0].message.tool_calls[0].function.arguments;
        }
        expect(schemaErrors(parameters, JSON.parse(args))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('streams parallel tool calls with index 0 and 1, one finished before the next starts', async () => {
    const h = await emulator();
    const text = await (
      await post(h, '/v1/chat/completions', {
        model: VLM,
        stream: true,
        messages: [{ role: 'user', content: 'Get the weather in Paris and the time in Tokyo' }],
        tools: [WEATHER, TIME],
      })
    ).text();
    const frags = chunksOf(text).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(frags.map((f: { index: number }) => f.index)).toEqual([0, 0, 1, 1]);
    expect(frags[0].function.name).toBe('get_weather');
    expect(frags[2].function.name).toBe('get_time');
    expect(JSON.parse(frags[1].function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(JSON.parse(frags[3].function.arguments)).toEqual({ timezone: 'Tokyo' });
  });

  it('tools sent to a model without tool use are silently ignored', async () => {
    const h = await emulator();
    const body = await json(await post(h, '/v1/chat/completions', chatBody({ model: SMALL_CONTEXT, tools: [WEATHER] }, 'weather in Paris')));
    expect(body.choices[0].message.tool_calls).toEqual([]);
    expect(body.choices[0].finish_reason).toBe('stop');
  });

  it('a reasoning model answers with reasoning_content, non-streamed too', async () => {
    const h = await emulator();
    const body = await json(await post(h, '/v1/chat/completions', chatBody({ model: REASONING }, 'hi')));
    const message = body.choices[0].message;
    expect(message.reasoning_content.length).toBeGreaterThan(0);
    expect(message.content).toBe('\n\nYou said: hi');
    expect(body.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('the same request gives the same bytes on servers with the same seed and clock', async () => {
    const a = await emulator({ seed: 7 });
    const b = await emulator({ seed: 7 });
    const req = chatBody({ stream: true, stream_options: { include_usage: true }, tools: [WEATHER, TIME] }, 'Weather in Paris and time in Tokyo');
    for (const r of [req, { ...req, stream: false }, chatBody()]) {
      const [x, y] = await Promise.all([post(a, '/v1/chat/completions', r).then((res) => res.text()), post(b, '/v1/chat/completions', r).then((res) => res.text())]);
      expect(x).toBe(y);
    }
  });

  it('on one server the same request differs only in id (and created)', async () => {
    let now = 1_790_614_494_000;
    const h = await emulator({ now: () => (now += 1000), seed: undefined });
    const req = chatBody({ tools: [WEATHER] }, 'Weather in Paris');
    const strip = (t: string) => t.replace(/"id": "chatcmpl-[a-z0-9]{21}"/, '').replace(/"created": \d+/, '');
    const x = await (await post(h, '/v1/chat/completions', req)).text();
    const y = await (await post(h, '/v1/chat/completions', req)).text();
    expect(x).not.toBe(y);
    expect(strip(x)).toBe(strip(y));
  });
});
