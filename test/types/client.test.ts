import { describe, expectTypeOf, it } from 'vitest';
import { createLmStudioClient, type ChatResult, type components, type LmStudioClient, type LmStudioError } from '../../src/index.js';

/**
 * Compile-time contracts, checked by `tsc --noEmit` (tsconfig includes test/). At run time these are no-ops;
 * every `@ts-expect-error` below fails the type check if the line it guards ever compiles.
 */

type Schemas = components['schemas'];
type Generated = Schemas['ChatCompletionRequest'];
type ChatParameter = Parameters<LmStudioClient['chat']>[0];

// Never called: only type-checked (no request is ever sent).
const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9' });
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('chat() request type', () => {
  it('is the generated ChatCompletionRequest (reasoning_effort also taking LM Studio\'s own "off" and "on")', () => {
    // Every field, its optionality and its type come from the generated type...
    expectTypeOf<Omit<ChatParameter, 'reasoning_effort'>>().toEqualTypeOf<Omit<Generated, 'reasoning_effort'>>();
    expectTypeOf<keyof ChatParameter>().toEqualTypeOf<keyof Generated>();
    // ...and reasoning_effort is the generated enum plus the two words /api/v1/models lists.
    expectTypeOf<NonNullable<ChatParameter['reasoning_effort']>>().toEqualTypeOf<NonNullable<Generated['reasoning_effort']> | 'off' | 'on'>();
    // A generated request is accepted as it is.
    expectTypeOf<Generated>().toExtend<ChatParameter>();
    expectTypeOf(client.chat).parameter(0).toEqualTypeOf<ChatParameter>();
  });

  it('rejects unknown fields', () => {
    void (() =>
      client.chat({
        model: 'm',
        messages,
        // @ts-expect-error not a field of ChatCompletionRequest
        temperatur: 0.2,
      }));
  });

  it('rejects role developer', () => {
    void (() =>
      client.chat({
        model: 'm',
        // @ts-expect-error LM Studio rejects the developer role
        messages: [{ role: 'developer', content: 'be brief' }],
      }));
  });

  it('rejects response_format json_object at compile time, accepts json_schema', () => {
    void (() =>
      client.chat({
        model: 'm',
        messages,
        // @ts-expect-error LM Studio answers json_object with a 400
        response_format: { type: 'json_object' },
      }));
    void (() => client.chat({ model: 'm', messages, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }));
  });

  it('requires model and messages', () => {
    // @ts-expect-error messages missing
    void (() => client.chat({ model: 'm' }));
    // @ts-expect-error model missing
    void (() => client.chat({ messages }));
  });
});

describe('api: the openapi-fetch client typed by generated/', () => {
  it('GET /v1/models is typed end to end', () => {
    const call = () => client.api.GET('/v1/models');
    type Result = Awaited<ReturnType<typeof call>>;
    expectTypeOf<Result['data']>().toEqualTypeOf<Schemas['ModelList'] | undefined>();
    expectTypeOf<NonNullable<Result['data']>['data'][number]['id']>().toEqualTypeOf<string>();
    void (async () => {
      const { data } = await client.api.GET('/v1/models');
      if (data) {
        const first = data.data[0];
        if (first) expectTypeOf(first.id).toEqualTypeOf<string>();
      }
    });
  });

  it('a path that is not in the spec is a type error', () => {
    // @ts-expect-error there is no GET /v1/models/{id} on LM Studio
    void (() => client.api.GET('/v1/models/qwen'));
    // @ts-expect-error not a path of openapi/lmstudio.yaml
    void (() => client.api.GET('/v1/nope'));
  });

  it('request bodies are typed by the spec too', () => {
    void (() => client.api.POST('/api/v1/models/load', { body: { model: 'qwen/qwen3-8b', context_length: 8192 } }));
    // @ts-expect-error context_length is an integer, not a string
    void (() => client.api.POST('/api/v1/models/load', { body: { model: 'qwen/qwen3-8b', context_length: '8192' } }));
  });
});

describe('results and errors', () => {
  it('ChatResult.toolCalls[n].input is Record<string, unknown> | undefined', () => {
    expectTypeOf<ChatResult['toolCalls'][number]['input']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf<ReturnType<LmStudioClient['chat']>>().toEqualTypeOf<Promise<ChatResult>>();
  });

  it("LmStudioError['code'] is the documented union", () => {
    expectTypeOf<LmStudioError['code']>().toEqualTypeOf<
      | 'unreachable'
      | 'timeout'
      | 'aborted'
      | 'auth'
      | 'model-not-found'
      | 'no-model-loaded'
      | 'context-overflow'
      | 'unsupported'
      | 'endpoint-not-found'
      | 'bad-request'
      | 'server-error'
      | 'bad-response'
      | 'stream-error'
      | 'stream-truncated'
      | 'invalid-output'
      | 'response-not-found'
    >();
    expectTypeOf<LmStudioError['hostCode']>().toEqualTypeOf<'AI_CONNECTION_ERROR' | 'AI_REQUEST_ERROR' | 'AI_TIMEOUT' | 'RATE_LIMITED' | 'AUTH_REQUIRED'>();
  });
});
