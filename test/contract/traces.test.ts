import { describe, expect, it, vi } from 'vitest';
import { ownTraceFiles as sharedOwnFiles } from '../support/fixtures.js';
import { listTraces, readTrace, skipWithoutTraces } from '../support/traces.js';
import { contractOwnFiles } from './own-fixtures.js';
import { bodiesOf, classify, requestSchemaFor, responseSchemaFor, RULES, sseEvents, validationErrors } from './wire-contract.js';

/** The project's own fixtures: the shared ones and those of the /api/v0, server-log and stream-excerpt rules. */
const ownTraceFiles: Readonly<Record<string, string>> = { ...sharedOwnFiles, ...contractOwnFiles };

// Everything here answers in milliseconds (loopback, in-memory): a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

/** Validates every body `file` holds; a file that is classified for validation must hold at least one body. */
function expectValid(file: string, text: string): number {
  const rule = classify(file);
  expect(rule, `${file} is not classified by any rule`).toBeDefined();
  const bodies = bodiesOf(file, text);
  if (rule?.kind !== 'skip') expect(bodies.length, `${file} yielded no body to validate`).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(validationErrors(body.schema, body.value), `${file} ${body.where} against ${body.schema}`).toEqual([]);
  }
  return bodies.length;
}

describe('filename classification', () => {
  it.each([
    ['models-v1-cs3b-ace.json', 'ModelList'],
    ['models-api-v0-ollmost.json', 'ModelListV0'],
    ['models-api-v1-after-jit-load-ollmost.json', 'ModelListV1'],
    ['chat-nonstream-plain-ollmost.json', 'ChatCompletionResponse'],
    ['chat-nonstream-cs3b-ace.request.json', 'ChatCompletionRequest'],
    ['docs-example-v1-chat-tool-call-nonstream.json', 'ChatCompletionResponse'],
    ['docs-example-api-v1-models-load.json', 'LoadModelResponse'],
    ['error-200-unexpected-endpoint-issue618.body.json', 'ErrorBody'],
    ['error-400-invalid-reasoning-effort-ollmost.json', 'ErrorBody'],
    ['chat-nonstream-a-new-recording-2027.json', 'ChatCompletionResponse'],
    ['models-api-v1-a-new-recording.json', 'ModelListV1'],
    ['docs-example-api-v1-chat-nonstream.json', 'NativeChatResponse'],
    ['docs-example-api-v1-chat-stream-model-load-progress-event.json', 'NativeChatStreamEvent'],
    ['docs-example-api-v1-models-download-status-completed.json', 'DownloadJobStatus'],
    ['error-vision-model-does-not-support-images-issue908.body.txt', 'ErrorBody'],
    ['api-v0-chat-completions-nonstream-tdeck-readme.json', 'ChatCompletionResponseV0'],
    ['docs-example-api-v0-chat-completions.json', 'ChatCompletionResponseV0'],
    ['docs-example-api-v0-completions.json', 'CompletionResponseV0'],
  ])('%s → %s', (file, schema) => {
    const rule = classify(file);
    expect(rule?.kind).toBe('json');
    expect(rule && 'schema' in rule ? rule.schema : undefined).toBe(schema);
  });

  it.each([
    ['chat-stream-plain-include-usage-ollmost.sse', 'sse'],
    ['chat-stream-no-usage-payloads-issue676.txt', 'payload-lines'],
    ['chat-nonstream-unknown-model-served-by-loaded-ollmost.meta.json', 'meta'],
    ['cassette-models-and-chat-cs3b-ace.vcr.yml', 'vcr'],
    ['responses-stream-completed-packet-log-issue1188.log.txt', 'skip'],
    ['error-400-context-overflow-string-issue237.txt', 'skip'],
    ['error-200-unexpected-endpoint-issue618.curl.txt', 'skip'],
    ['SOURCES.md', 'skip'],
    ['server-log-startup-unknown-route-siggy.log.txt', 'skip'],
    ['api-v0-chat-completions-server-log-draft-siggy.log.txt', 'log-json'],
    ['chat-nonstream-draft-stats-server-log-siggy.log.txt', 'log-json'],
    ['docs-example-api-v0-chat-completions.request.curl.txt', 'curl-body'],
    ['chat-stream-error-context-overflow-200-goose11318.txt', 'sse-excerpt'],
    ['chat-stream-error-context-overflow-inference-atlas11.excerpt.txt', 'sse-excerpt'],
  ])('%s → %s', (file, kind) => {
    expect(classify(file)?.kind).toBe(kind);
  });

  it('a file no rule knows is an error, not silently accepted', () => {
    expect(classify('mystery-capture.bin')).toBeUndefined();
    expect(() => bodiesOf('mystery-capture.bin', '')).toThrow(/no rule/);
  });

  it('every skip rule gives a reason', () => {
    for (const rule of RULES) if (rule.kind === 'skip') expect(rule.reason.length).toBeGreaterThan(10);
  });

  it('schemas are looked up from the spec by path, method and status', () => {
    expect(responseSchemaFor('GET', '/v1/models', 200)).toBe('ModelList');
    expect(responseSchemaFor('GET', '/v1/models', 401)).toBe('ErrorBody');
    expect(responseSchemaFor('POST', '/v1/chat/completions', 200)).toBe('ChatCompletionResponse');
    expect(responseSchemaFor('POST', '/v1/chat/completions', 200, 'text/event-stream')).toBe('ChatCompletionChunk');
    expect(responseSchemaFor('POST', '/v1/chat/completions', 400)).toBe('ErrorBody');
    expect(responseSchemaFor('GET', '/api/v0/models/qwen3-8b', 200)).toBe('ModelV0');
    expect(requestSchemaFor('POST', '/v1/chat/completions')).toBe('ChatCompletionRequest');
    expect(requestSchemaFor('POST', '/api/v1/models/load')).toBe('LoadModelRequest');
    expect(requestSchemaFor('POST', '/v1/responses')).toBe('ResponseRequest');
    expect(requestSchemaFor('POST', '/api/v0/chat/completions')).toBe('ChatCompletionRequest');
    expect(responseSchemaFor('POST', '/api/v0/chat/completions', 200)).toBe('ChatCompletionResponseV0');
    expect(requestSchemaFor('POST', '/api/v0/completions')).toBe('CompletionRequest');
    expect(responseSchemaFor('POST', '/api/v0/completions', 200)).toBe('CompletionResponseV0');
    expect(responseSchemaFor('POST', '/api/v0/completions', 400)).toBe('ErrorBody');
    expect(responseSchemaFor('POST', '/v1/responses', 200, 'text/event-stream')).toBe('ResponseStreamEvent');
  });

  it('SSE framing: multi-line data, comments, CRLF, event names', () => {
    expect(sseEvents(': keep-alive\r\n\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: error\ndata: {"error":"x"}\n\ndata: [DONE]\n\n')).toEqual([
      { event: 'message', data: '{"a":\n1}' },
      { event: 'error', data: '{"error":"x"}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });
});

describe('own fixtures satisfy the contract (always run)', () => {
  it.each(Object.keys(ownTraceFiles))('%s', (file) => {
    expectValid(file, ownTraceFiles[file] ?? '');
  });

  it('every validating rule is exercised by at least one own fixture', () => {
    const names = Object.keys(ownTraceFiles);
    for (const rule of RULES) {
      if (rule.kind === 'skip') continue;
      expect(
        names.some((name) => classify(name) === rule),
        `no own fixture for ${String(rule.pattern)}`,
      ).toBe(true);
    }
  });

  it('a pasted stream excerpt yields only its SSE events, not the capture tool\'s lines', () => {
    const events = bodiesOf('chat-stream-error-context-overflow-own.txt', ownTraceFiles['chat-stream-error-context-overflow-own.txt'] ?? '');
    expect(events.map((e) => [e.where, e.schema])).toEqual([['event 1', 'StreamErrorEvent']]);
  });

  it('a server-log print of a /v1 chat completion with draft-token stats is one ChatCompletionResponse', () => {
    const [body, ...rest] = bodiesOf('chat-nonstream-draft-stats-server-log-own.log.txt', ownTraceFiles['chat-nonstream-draft-stats-server-log-own.log.txt'] ?? '');
    expect(rest).toEqual([]);
    expect(body?.schema).toBe('ChatCompletionResponse');
    expect(body?.value).toMatchObject({ stats: { accepted_draft_tokens_count: 1 } });
  });

  it('an SSE fixture yields one chunk per data event and an event: error as StreamErrorEvent', () => {
    const events = bodiesOf('chat-stream-error-event-own.sse', ownTraceFiles['chat-stream-error-event-own.sse'] ?? '');
    expect(events.map((e) => e.schema)).toEqual(['ChatCompletionChunk', 'StreamErrorEvent']);
  });
});

describe('the schemas reject what LM Studio rejects or never sends', () => {
  const message = { role: 'user', content: 'hi' };
  it.each<[string, string, unknown]>([
    ['ModelList without data', 'ModelList', { object: 'list' }],
    ['ModelListV1 entry without key', 'ModelListV1', { models: [{ type: 'llm' }] }],
    ['ModelListV0 entry without type', 'ModelListV0', { data: [{ id: 'x' }] }],
    ['role developer', 'ChatCompletionRequest', { model: 'm', messages: [{ role: 'developer', content: 'x' }] }],
    ['response_format json_object', 'ChatCompletionRequest', { model: 'm', messages: [message], response_format: { type: 'json_object' } }],
    ['reasoning_effort off', 'ChatCompletionRequest', { model: 'm', messages: [message], reasoning_effort: 'off' }],
    ['empty tool_call_id', 'ChatCompletionRequest', { model: 'm', messages: [{ role: 'tool', content: 'r', tool_call_id: '' }] }],
    ['temperature as words', 'ChatCompletionRequest', { model: 'm', messages: [message], temperature: 'warm' }],
    ['request without messages', 'ChatCompletionRequest', { model: 'm' }],
    ['response without choices', 'ChatCompletionResponse', { id: 'x', model: 'm' }],
    ['tool call without arguments', 'ChatCompletionResponse', { id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', tool_calls: [{ id: '1', type: 'function', function: { name: 'f' } }] } }] }],
    ['chunk without choices', 'ChatCompletionChunk', { id: 'x', object: 'chat.completion.chunk' }],
    ['error that is a number', 'ErrorBody', { error: 42 }],
    ['error object without message', 'ErrorBody', { error: { type: 'invalid_request_error' } }],
    ['load response without instance_id', 'LoadModelResponse', { status: 'loaded' }],
    ['v0 chat completion without choices', 'ChatCompletionResponseV0', { id: 'x', model: 'm', stats: {} }],
    ['v0 context_length as text', 'ChatCompletionResponseV0', { id: 'x', model: 'm', choices: [], model_info: { context_length: '4096' } }],
    ['v0 draft count as text', 'ChatCompletionResponseV0', { id: 'x', model: 'm', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, accepted_draft_tokens_count: 'x' } }],
    ['v0 text completion with a chat message', 'CompletionResponseV0', { id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant' } }] }],
    ['v0 stop_reason as a number', 'CompletionResponseV0', { id: 'x', model: 'm', choices: [], stats: { stop_reason: 1 } }],
  ])('%s', (_name, schema, value) => {
    expect(validationErrors(schema, value)).not.toEqual([]);
  });

  it('a broken event inside an otherwise valid stream is reported', () => {
    const text = ownTraceFiles['chat-stream-tool-call-own.sse'] + 'data: {"id":"x","choices":[{"index":0}]}\n\n';
    const failures = bodiesOf('chat-stream-x.sse', text).filter((b) => validationErrors(b.schema, b.value).length > 0);
    expect(failures.map((f) => f.where)).toEqual(['event 7']);
  });
});

const noTraces = skipWithoutTraces('contract: recorded LM Studio traces');
const traceFiles = listTraces();

describe.skipIf(noTraces)('recorded LM Studio traces satisfy the contract', () => {
  it('every file in the traces folder is validated or deliberately skipped with a reason', () => {
    expect(traceFiles.length).toBeGreaterThan(0);
    const unclassified = traceFiles.filter((file) => classify(file) === undefined);
    expect(unclassified, 'add a rule to RULES in test/contract/wire-contract.ts').toEqual([]);
    const skipped = traceFiles.flatMap((file) => {
      const rule = classify(file);
      return rule?.kind === 'skip' ? [`${file}: ${rule.reason}`] : [];
    });
    console.info(`[contract] not validated, on purpose:\n  ${skipped.join('\n  ')}`);
  });

  it.each(traceFiles.filter((file) => classify(file)?.kind !== 'skip'))('%s', (file) => {
    const count = expectValid(file, readTrace(file));
    if (file.endsWith('.sse')) {
      // Every data event but [DONE] was validated.
      const events = sseEvents(readTrace(file)).filter((e) => e.data.trim() !== '[DONE]');
      expect(count).toBe(events.length);
    }
  });
});
