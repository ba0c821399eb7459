import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { schemas } from '../../generated/schemas.js';

/**
 * The contract check shared by trace and own-fixture tests: ajv (JSON Schema 2020-12) over generated/schemas.ts,
 * the OpenAPI document for "which schema belongs to this path", and a filename classifier that says how each
 * trace file is validated, or why it deliberately is not.
 */

export type SchemaName = keyof typeof schemas;

const DOCUMENT_ID = 'https://openorbit.test/lmstudio.json';

function makeAjv(): Ajv2020 {
  // strict: a typo in the spec (an unknown keyword) is an error, not silently ignored.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  (addFormats as unknown as (a: Ajv2020) => Ajv2020)(ajv);
  // The schemas sit where the spec's `$ref`s point, `#/components/schemas/X`, inside one document.
  ajv.addKeyword('components');
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
  return ajv;
}

const ajv = makeAjv();
const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    if (!(name in schemas)) throw new Error(`generated/schemas.ts has no schema ${name}`);
    const found = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
    if (!found) throw new Error(`ajv could not resolve #/components/schemas/${name}`);
    validate = found;
    compiled.set(name, validate);
  }
  return validate;
}

/** Validation errors as readable lines; `[]` when `value` is valid. */
export function validationErrors(name: string, value: unknown): string[] {
  const validate = schemaValidator(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The OpenAPI document: which schema a path's request and responses use.

interface MediaObject {
  schema?: { $ref?: string };
}
interface Operation {
  requestBody?: { content?: Record<string, MediaObject> };
  responses?: Record<string, { $ref?: string; content?: Record<string, MediaObject> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, { content?: Record<string, MediaObject> }> };
}

const specPath = fileURLToPath(new URL('../../openapi/lmstudio.yaml', import.meta.url));
const spec = parseYaml(readFileSync(specPath, 'utf8')) as Spec;

function refName(ref: string | undefined): string | undefined {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref ?? '');
  return match?.[1];
}

/** The spec's operation for a concrete request path (path templates like `{model}` match one segment). */
export function operationFor(method: string, path: string): Operation | undefined {
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return item[method.toLowerCase()];
  }
  return undefined;
}

export function requestSchemaFor(method: string, path: string): string | undefined {
  return refName(operationFor(method, path)?.requestBody?.content?.['application/json']?.schema?.$ref);
}

/** The schema of a response body by status and media type (`default` for unlisted statuses, `$ref`s followed). */
export function responseSchemaFor(method: string, path: string, status: number, mediaType = 'application/json'): string | undefined {
  const responses = operationFor(method, path)?.responses ?? {};
  let response = responses[String(status)] ?? responses.default;
  const ref = /^#\/components\/responses\/(.+)$/.exec(response?.$ref ?? '');
  if (ref?.[1]) response = spec.components.responses?.[ref[1]];
  return refName(response?.content?.[mediaType]?.schema?.$ref);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the bodies out of each kind of file.

export interface Body {
  /** Where in the file, e.g. `event 3` or `interactions[1].response`. */
  where: string;
  schema: string;
  value: unknown;
}

/** The `data:` payloads of an SSE text, by the SSE framing rules (blank-line separated events, multi-line data). */
export function sseEvents(text: string): { event: string; data: string }[] {
  const out: { event: string; data: string }[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\n+/)) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) out.push({ event, data: data.join('\n') });
  }
  return out;
}

/** Chat stream events: chunks, and `event: error` payloads as StreamErrorEvent; `[DONE]` is not a body. */
function streamBodies(events: { event: string; data: string }[], prefix: string): Body[] {
  const bodies: Body[] = [];
  events.forEach(({ event, data }, i) => {
    if (data.trim() === '[DONE]') return;
    bodies.push({ where: `${prefix} ${i + 1}`, schema: event === 'error' ? 'StreamErrorEvent' : 'ChatCompletionChunk', value: JSON.parse(data) });
  });
  return bodies;
}

interface VcrInteraction {
  request: { method: string; uri: string; body?: { string?: string } };
  response: { status: { code: number }; headers?: Record<string, string[] | string>; body?: { string?: string } };
}

function header(headers: Record<string, string[] | string> | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** A VCR cassette: each request body against its path's request schema, each response body against its response schema. */
function cassetteBodies(text: string): Body[] {
  const cassette = parseYaml(text) as { http_interactions?: VcrInteraction[] };
  const interactions = cassette.http_interactions ?? [];
  if (interactions.length === 0) throw new Error('cassette has no http_interactions');
  const bodies: Body[] = [];
  interactions.forEach((interaction, i) => {
    const method = interaction.request.method.toUpperCase();
    const path = new URL(interaction.request.uri).pathname;
    if (!operationFor(method, path)) throw new Error(`interactions[${i}]: ${method} ${path} is not in openapi/lmstudio.yaml`);
    const requestText = interaction.request.body?.string ?? '';
    if (requestText.trim() !== '') {
      const schema = requestSchemaFor(method, path);
      if (!schema) throw new Error(`interactions[${i}]: ${method} ${path} has a body but the spec declares none`);
      bodies.push({ where: `interactions[${i}].request (${method} ${path})`, schema, value: JSON.parse(requestText) });
    }
    const status = interaction.response.status.code;
    const type = (header(interaction.response.headers, 'content-type') ?? 'application/json').split(';')[0]?.trim() ?? '';
    const responseText = interaction.response.body?.string ?? '';
    if (type === 'text/event-stream') {
      bodies.push(...streamBodies(sseEvents(responseText), `interactions[${i}].response event`));
      return;
    }
    const schema = responseSchemaFor(method, path, status, type);
    if (!schema) throw new Error(`interactions[${i}]: no ${type} response schema for ${method} ${path} ${status}`);
    bodies.push({ where: `interactions[${i}].response (${status} ${method} ${path})`, schema, value: JSON.parse(responseText) });
  });
  return bodies;
}

// ---------------------------------------------------------------------------------------------------------------
// The classifier: every trace file is matched by name; the first rule that matches decides.

export type Rule =
  | { pattern: RegExp; kind: 'json'; schema: SchemaName }
  /** JSON inside prose: a curl `-d '…'` body, a server-log print, `event.content=` client comments, grouped lists. */
  | { pattern: RegExp; kind: 'curl-body' | 'log-json' | 'comment-events' | 'grouped-json'; schema: SchemaName }
  | { pattern: RegExp; kind: 'sse' | 'sse-excerpt' | 'payload-lines' | 'meta' | 'vcr' }
  /** POST /v1/responses: named-event SSE, payload lines, and the request line of a raw HTTP capture. */
  | { pattern: RegExp; kind: 'responses-sse' | 'responses-payload-lines' | 'http-request-body' }
  | { pattern: RegExp; kind: 'skip'; reason: string };

export const RULES: readonly Rule[] = [
  { pattern: /^SOURCES\.md$/, kind: 'skip', reason: 'provenance table, not a wire body' },
  // POST /v1/responses (OpenAI Responses API).
  { pattern: /^error-responses-.*\.json$/, kind: 'json', schema: 'ErrorBody' },
  { pattern: /^responses-.*\.request\.json$/, kind: 'json', schema: 'ResponseRequest' },
  { pattern: /^responses-nonstream-.*\.json$/, kind: 'json', schema: 'ResponseObject' },
  { pattern: /^responses-stream-.*\.payloads\.jsonl$/, kind: 'responses-payload-lines' },
  { pattern: /^responses-stream-.*\.sse$/, kind: 'responses-sse' },
  { pattern: /^responses-stream-raw-http-.*\.txt$/, kind: 'http-request-body' },
  { pattern: /^responses-.*\.log\.txt$/, kind: 'skip', reason: 'server-log print cut off by the search index (truncated-by-index): not whole JSON; its fields are covered by the fixtures' },
  { pattern: /\.log\.json$/, kind: 'skip', reason: 'a server-log print of an error that is not an ErrorBody file' },
  // POST /api/v1/chat (native chat) and the download job endpoints.
  { pattern: /^docs-example-api-v1-chat-stream-.*-event\.json$/, kind: 'json', schema: 'NativeChatStreamEvent' },
  { pattern: /^docs-example-api-v1-chat-.*\.request\.curl\.txt$/, kind: 'curl-body', schema: 'NativeChatRequest' },
  { pattern: /^docs-example-api-v1-chat-nonstream.*\.json$/, kind: 'json', schema: 'NativeChatResponse' },
  { pattern: /^api-v1-chat-.*-server-log-.*\.log\.txt$|^api-v1-chat-server-log-.*\.log\.txt$/, kind: 'log-json', schema: 'NativeChatResponse' },
  {
    pattern: /^api-v1-chat-stream-chat-end-reasoning-only-client-comment-/,
    kind: 'skip',
    reason: 'client comment whose reasoning string the developer broke across lines: not JSON (its shape is the siggy log, validated)',
  },
  { pattern: /^api-v1-chat-stream-.*-client-comment-.*\.txt$/, kind: 'comment-events', schema: 'NativeChatStreamEvent' },
  { pattern: /^api-v1-chat-invalid-json-.*\.log\.txt$/, kind: 'skip', reason: 'server-log lines about a request, no body' },
  // POST /api/v0/chat/completions and /api/v0/completions (OpenAI-compatible bodies plus stats, model_info, runtime).
  { pattern: /^docs-example-api-v0-chat-completions.*\.request\.curl\.txt$/, kind: 'curl-body', schema: 'ChatCompletionRequest' },
  { pattern: /^(docs-example-)?api-v0-chat-completions-.*server-log-.*\.log\.txt$/, kind: 'log-json', schema: 'ChatCompletionResponseV0' },
  { pattern: /^(docs-example-)?api-v0-chat-completions(-.*)?\.json$/, kind: 'json', schema: 'ChatCompletionResponseV0' },
  { pattern: /^(docs-example-)?api-v0-completions(-.*)?\.json$/, kind: 'json', schema: 'CompletionResponseV0' },
  // Server logs without a printed body.
  {
    pattern: /^server-log-startup-.*\.log\.txt$/,
    kind: 'skip',
    reason: 'server start-up and unknown-route log lines, no body (the HTTP 200 "Unexpected endpoint" reply is error-200-unexpected-endpoint-*)',
  },
  { pattern: /^docs-(example|draft-[0-9-]+)-api-v1-models-download-status-list\.json$/, kind: 'grouped-json', schema: 'DownloadJobStatus' },
  { pattern: /^docs-(example|draft-[0-9-]+)-api-v1-models-download.*\.json$/, kind: 'json', schema: 'DownloadJobStatus' },
  { pattern: /^error-vision-.*\.body\.txt$/, kind: 'json', schema: 'ErrorBody' },
  { pattern: /^vision-.*-request-log-fragment-.*\.txt$/, kind: 'skip', reason: 'a request-log fragment cut by the reporter: not JSON (its WebP data URL is replayed in test/client)' },
  { pattern: /\.curl\.txt$/, kind: 'skip', reason: 'curl -v transcript (headers); its body is the sibling .body.json, validated' },
  { pattern: /^chat-.*\.request\.json$/, kind: 'json', schema: 'ChatCompletionRequest' },
  { pattern: /^chat-.*\.meta\.json$/, kind: 'meta' },
  { pattern: /^chat-nonstream-.*\.json$/, kind: 'json', schema: 'ChatCompletionResponse' },
  { pattern: /^chat-nonstream-.*-server-log-.*\.log\.txt$/, kind: 'log-json', schema: 'ChatCompletionResponse' },
  { pattern: /\.sse$/, kind: 'sse' },
  { pattern: /^chat-stream-.*payloads.*\.txt$/, kind: 'payload-lines' },
  /** A stream excerpt pasted from a capture (HTTP status line, headers, UI lines around it): its SSE events only. */
  { pattern: /^chat-stream-error-.*\.txt$/, kind: 'sse-excerpt' },
  { pattern: /^models-v1-.*\.json$/, kind: 'json', schema: 'ModelList' },
  { pattern: /^models-api-v0-.*\.json$/, kind: 'json', schema: 'ModelListV0' },
  { pattern: /^models-api-v1-.*\.json$/, kind: 'json', schema: 'ModelListV1' },
  { pattern: /^docs-example-v1-chat-.*nonstream\.json$/, kind: 'json', schema: 'ChatCompletionResponse' },
  { pattern: /^docs-example-api-v1-models-load.*\.json$/, kind: 'json', schema: 'LoadModelResponse' },
  { pattern: /^error-.*\.json$/, kind: 'json', schema: 'ErrorBody' },
  { pattern: /\.vcr\.ya?ml$/, kind: 'vcr' },
  {
    pattern: /^error-.*\.txt$/,
    kind: 'skip',
    reason: 'not a JSON body (client-repr / log-print / terminal excerpt, see SOURCES.md); its message is replayed in test/client',
  },
];

/** The JSON object starting at `text[start]` (`{`), by brace counting outside strings. */
function objectAt(text: string, start: number): string {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error('unterminated JSON object');
}

function embeddedBodies(kind: 'curl-body' | 'log-json' | 'comment-events' | 'grouped-json', schema: SchemaName, text: string): Body[] {
  switch (kind) {
    case 'curl-body': {
      const body = /-d '([\s\S]*?)'/.exec(text)?.[1];
      if (body === undefined) throw new Error("no -d '…' body in the curl command");
      return [{ where: 'curl -d body', schema, value: JSON.parse(body) }];
    }
    case 'log-json': {
      const at = text.search(/Generated (response|prediction):/);
      if (at === -1) throw new Error('no "Generated response:" print in the log');
      return [{ where: 'logged result', schema, value: JSON.parse(objectAt(text, text.indexOf('{', at))) }];
    }
    case 'comment-events': {
      // `// ` prefixes and the collector's `...` lines removed; each `event.content=` is followed by one event.
      const code = text
        .split(/\r?\n/)
        .map((line) => line.replace(/^\s*\/\/\s?/, ''))
        .filter((line) => line.trim() !== '...')
        .join('\n');
      const bodies: Body[] = [];
      for (const match of code.matchAll(/event\.content=\{/g)) {
        const start = (match.index ?? 0) + match[0].length - 1;
        bodies.push({ where: `event.content #${bodies.length + 1}`, schema, value: JSON.parse(objectAt(code, start)) });
      }
      return bodies;
    }
    case 'grouped-json': {
      const groups = JSON.parse(text) as Record<string, unknown[]>;
      return Object.entries(groups).flatMap(([group, items]) =>
        items.map((value, i) => ({ where: `${group}[${i}]`, schema, value })),
      );
    }
  }
}

export function classify(file: string): Rule | undefined {
  return RULES.find((rule) => rule.pattern.test(file));
}

/** The bodies `file` holds, each with the schema it must satisfy. Throws for an unclassified file. */
export function bodiesOf(file: string, text: string): Body[] {
  const rule = classify(file);
  if (!rule) throw new Error(`${file}: no rule in RULES; classify it (validate it, or skip it with a reason)`);
  switch (rule.kind) {
    case 'skip':
      return [];
    case 'json':
      return [{ where: 'body', schema: rule.schema, value: JSON.parse(text) }];
    case 'curl-body':
    case 'log-json':
    case 'comment-events':
    case 'grouped-json':
      return embeddedBodies(rule.kind, rule.schema, text);
    case 'sse':
      return streamBodies(sseEvents(text), 'event');
    case 'sse-excerpt':
      // Only `event:`/`data:` lines are the stream; the rest is the capture tool's display (status line, headers).
      return streamBodies(sseEvents(text.split(/\r?\n/).filter((line) => /^(event|data):/.test(line) || line.trim() === '').join('\n')), 'event');
    case 'payload-lines':
      // `data: ` already stripped by the reporter's client: one JSON payload (or [DONE]) per non-empty line.
      return streamBodies(
        text.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => ({ event: 'message', data: line })),
        'line',
      );
    case 'meta': {
      const meta = JSON.parse(text) as { url: string; request: unknown };
      const path = new URL(meta.url).pathname;
      const schema = requestSchemaFor('POST', path);
      if (!schema) throw new Error(`${file}: no request schema for POST ${path}`);
      return [{ where: `request (POST ${path})`, schema, value: meta.request }];
    }
    case 'vcr':
      return cassetteBodies(text);
    case 'responses-sse':
    case 'responses-payload-lines':
    case 'http-request-body':
      return responsesBodies(rule.kind, text);
  }
}

/** Responses streams: every event (named, or one JSON per line) is a ResponseStreamEvent; raw captures hold requests. */
function responsesBodies(kind: 'responses-sse' | 'responses-payload-lines' | 'http-request-body', text: string): Body[] {
  if (kind === 'http-request-body') {
    // `POST /v1/responses HTTP/1.1`, headers, a blank line, then the body on one line (later exchanges are cut off).
    const body = /^POST \/v1\/responses HTTP\/1\.1\r?\n(?:.+\r?\n)*\r?\n(\{.*\})\s*$/m.exec(text)?.[1];
    if (body === undefined) throw new Error('no POST /v1/responses request body in the capture');
    return [{ where: 'request body', schema: 'ResponseRequest', value: JSON.parse(body) }];
  }
  const payloads = kind === 'responses-sse' ? sseEvents(text).map((e) => e.data) : text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return payloads.map((data, i) => ({ where: `event ${i + 1}`, schema: 'ResponseStreamEvent', value: JSON.parse(data) }));
}
