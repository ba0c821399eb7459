// Request validation against the OpenAPI contract's component schemas, with LM Studio's error wording.
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { schemas } from '../../generated/schemas.js';

export type RequestSchemaName =
  | 'ChatCompletionRequest'
  | 'EmbeddingRequest'
  | 'LoadModelRequest'
  | 'UnloadModelRequest'
  | 'CompletionRequest'
  | 'ResponseRequest'
  | 'NativeChatRequest'
  | 'DownloadModelRequest';

const DOCUMENT_ID = 'https://lmstudio-emulator.invalid/openapi.json';
const validators = new Map<RequestSchemaName, Validator>();

function validatorFor(name: RequestSchemaName): Validator {
  let v = validators.get(name);
  if (!v) {
    // One document holding every component schema, so the spec's `#/components/schemas/X` refs resolve inside it.
    // Cloned: the validator annotates the schema objects it dereferences.
    const document = { $id: DOCUMENT_ID, components: { schemas: structuredClone(schemas) } } as unknown as Schema;
    v = new Validator({ $ref: `${DOCUMENT_ID}#/components/schemas/${name}` }, '2020-12', false);
    v.addSchema(document);
    validators.set(name, v);
  }
  return v;
}

/** The failure a request validation produced: LM Studio's string error, or its object error with 4-space JSON. */
export type ValidationFailure =
  | { kind: 'string'; message: string }
  | { kind: 'object'; error: { message: string; type: string; param: string; code: string } };

export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
const ROLES = ['system', 'user', 'assistant', 'tool'];

/** Validates a chat completion body the way LM Studio does: its own early checks first, then the schema. */
export function validateChatRequest(body: unknown): ValidationFailure | undefined {
  const obj = isObject(body) ? body : {};
  if (obj['messages'] === undefined) return { kind: 'string', message: "'messages' field is required" };
  const rf = obj['response_format'];
  if (isObject(rf) && rf['type'] !== 'json_schema' && rf['type'] !== 'text') {
    return { kind: 'string', message: "'response_format.type' must be 'json_schema' or 'text'" };
  }
  const effort = obj['reasoning_effort'];
  if (effort !== undefined && !(REASONING_EFFORTS as readonly unknown[]).includes(effort)) {
    return {
      kind: 'object',
      error: {
        message: `Invalid 'reasoning_effort' value: '${String(effort)}'. Supported values: ${REASONING_EFFORTS.join(', ')}.`,
        type: 'invalid_request_error',
        param: 'reasoning_effort',
        code: 'invalid_value',
      },
    };
  }
  const messages = obj['messages'];
  if (Array.isArray(messages)) {
    for (const [i, m] of messages.entries()) {
      if (isObject(m) && typeof m['role'] === 'string' && !ROLES.includes(m['role'])) {
        return {
          kind: 'string',
          message: `'messages[${i}].role' must be one of ${ROLES.map((r) => `'${r}'`).join(', ')} (got '${m['role']}')`,
        };
      }
    }
  }
  return validateAgainst('ChatCompletionRequest', body);
}

/** Validates a body against one request schema; the message names the first offending field. */
export function validateAgainst(name: RequestSchemaName, body: unknown): ValidationFailure | undefined {
  const result = validatorFor(name).validate(body);
  if (result.valid) return undefined;
  return { kind: 'string', message: describeErrors(result.errors) };
}

const WRAPPER_KEYWORDS = new Set([
  '$ref',
  'properties',
  'items',
  'prefixItems',
  'oneOf',
  'anyOf',
  'allOf',
  'additionalProperties',
  'patternProperties',
  'if',
  'then',
  'else',
  'not',
]);

const KEYWORD_PRIORITY = ['required', 'type', 'const', 'enum', 'minLength', 'minimum', 'pattern'];

/**
 * Turns the validator's output units into one message. A `oneOf`/`anyOf` branch is discarded when its own
 * discriminator failed (a `const` such as a message's `role`, or the branch's `type`) and another branch remains;
 * then the deepest leaf error wins.
 */
export function describeErrors(errors: readonly OutputUnit[]): string {
  const leaves = errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword));
  const prune = (pool: readonly OutputUnit[], keywords: readonly string[]) => {
    const rejected = new Set<string>();
    for (const e of pool) {
      if (!keywords.includes(e.keyword)) continue;
      const innermost = branchPrefixes(e.keywordLocation).at(-1);
      if (innermost !== undefined) rejected.add(innermost);
    }
    return pool.filter((e) => !branchPrefixes(e.keywordLocation).some((p) => rejected.has(p)));
  };
  const byConst = prune(leaves, ['const']);
  const byConstAndType = prune(byConst, ['type']);
  const pool = [byConstAndType, byConst, leaves].find((p) => p.length > 0) ?? [];
  if (pool.length === 0) return 'Invalid request body';
  const depth = (e: OutputUnit) => pointerSegments(e.instanceLocation).length;
  const maxDepth = Math.max(...pool.map(depth));
  const deepest = pool.filter((e) => depth(e) === maxDepth);
  const rank = (e: OutputUnit) => {
    const r = KEYWORD_PRIORITY.indexOf(e.keyword);
    return r < 0 ? KEYWORD_PRIORITY.length : r;
  };
  deepest.sort((a, b) => rank(a) - rank(b));
  const first = deepest[0]!;
  const sameKind = deepest.filter((e) => e.keyword === first.keyword && e.instanceLocation === first.instanceLocation);
  return messageFor(first, sameKind);
}

function branchPrefixes(keywordLocation: string): string[] {
  const out: string[] = [];
  const re = /\/(?:oneOf|anyOf)\/\d+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(keywordLocation)) !== null) out.push(keywordLocation.slice(0, m.index + m[0].length));
  return out;
}

function pointerSegments(location: string): string[] {
  const p = location.replace(/^#/, '');
  if (p === '' || p === '/') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `#/messages/0/tool_call_id` → `messages[0].tool_call_id`. */
export function fieldPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

function quoted(error: string): string[] {
  return [...error.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
}

function messageFor(e: OutputUnit, same: readonly OutputUnit[]): string {
  const segments = pointerSegments(e.instanceLocation);
  const path = fieldPath(segments);
  if (path === '' && e.keyword !== 'required') return 'Request body must be a JSON object';
  switch (e.keyword) {
    case 'required': {
      const prop = quoted(e.error)[0] ?? '';
      return `'${fieldPath([...segments, prop])}' field is required`;
    }
    case 'type': {
      // "Instance type "number" is invalid. Expected "string", "null"."
      const expected = unique(same.flatMap((u) => quoted(u.error.replace(/^Instance type "[^"]*"/, ''))));
      return `'${path}' must be of type ${expected.join(' or ')}`;
    }
    case 'const':
    case 'enum': {
      const values = unique(same.flatMap((u) => quoted(u.error)));
      return `'${path}' must be ${values.length > 1 ? 'one of ' : ''}${values.map((v) => `'${v}'`).join(', ')}`;
    }
    case 'minLength':
      return /\(0 < 1\)/.test(e.error) ? `'${path}' must be a non-empty string` : `'${path}' is too short`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `'${path}' is too small: ${e.error}`;
    case 'pattern':
      return `'${path}' has an invalid format`;
    default:
      return `'${path}' is invalid: ${e.error}`;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
