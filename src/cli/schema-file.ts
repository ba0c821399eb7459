// `--json-schema FILE`: read it, and say what is wrong with the file or the schema (and where) before any model
// is asked, so that a broken schema is not blamed on the model.
import { readFile } from 'node:fs/promises';
import { closest, UsageError } from './args.js';

/** The JSON Schema in `file`, or a `UsageError` saying what is wrong with the file or the schema, and where. */
export async function readSchemaFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the schema file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the schema file ${file} is not valid JSON: ${jsonProblem(text, error)}.`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new UsageError(`the schema file ${file} must hold a JSON Schema object, e.g. {"type": "object", "properties": {…}}.`);
  }
  const problems = schemaProblems(schema);
  if (problems.length > 0) {
    throw new UsageError(`the schema in ${file} is not a valid JSON Schema:\n  ${problems.slice(0, 5).join('\n  ')}${problems.length > 5 ? `\n  (and ${problems.length - 5} more)` : ''}`);
  }
  return schema as Record<string, unknown>;
}

/** JSON.parse's complaint with a line and column instead of a character position. */
export function jsonProblem(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(raw);
  const what = raw.replace(/\s*(?:in JSON )?at position \d+.*$/s, '').replace(/^Unexpected end of JSON input$/, 'it ends too early');
  if (!at) return what;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${what} (line ${line}, column ${column})`;
}

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMAS = ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const NUMBERS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains'];
const OTHER = ['$schema', '$id', '$ref', '$anchor', '$comment', 'title', 'description', 'default', 'examples', 'const', 'enum', 'required', 'type', 'items', 'format', 'pattern', 'multipleOf', 'uniqueItems', 'deprecated', 'readOnly', 'writeOnly', 'dependentRequired', 'contentMediaType', 'contentEncoding'];
const KEYWORDS = [...SCHEMA_MAPS, ...SUBSCHEMAS, ...SCHEMA_LISTS, ...NUMBERS, ...COUNTS, ...OTHER];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (segments: string[]) => (segments.length === 0 ? '(root)' : `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);

/** What makes `schema` an invalid JSON Schema, each with its place as a JSON Pointer; empty when it is fine. */
export function schemaProblems(schema: unknown): string[] {
  const problems: string[] = [];
  check(schema, [], schema, problems);
  return problems;
}

function check(node: unknown, at: string[], root: unknown, problems: string[]): void {
  const say = (keyword: string, text: string) => problems.push(`at ${pointer([...at, keyword])}: ${text}`);
  if (typeof node === 'boolean') return;
  if (!isObject(node)) {
    problems.push(`at ${pointer(at)}: a schema must be an object (or true/false), not ${JSON.stringify(node)}`);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type') {
      const list = Array.isArray(value) ? value : [value];
      const bad = list.filter((t) => typeof t !== 'string' || !TYPES.includes(t));
      if (bad.length > 0 || list.length === 0) say(key, `${JSON.stringify(value)} is not a type; use one of ${TYPES.join(', ')}`);
    } else if (SCHEMA_MAPS.includes(key)) {
      if (!isObject(value)) say(key, 'must be an object mapping names to schemas');
      else for (const [name, sub] of Object.entries(value)) check(sub, [...at, key, name], root, problems);
    } else if (SUBSCHEMAS.includes(key)) {
      check(value, [...at, key], root, problems);
    } else if (key === 'items') {
      if (Array.isArray(value)) value.forEach((sub, i) => check(sub, [...at, key, String(i)], root, problems));
      else check(value, [...at, key], root, problems);
    } else if (SCHEMA_LISTS.includes(key)) {
      if (!Array.isArray(value) || value.length === 0) say(key, 'must be a non-empty list of schemas');
      else value.forEach((sub, i) => check(sub, [...at, key, String(i)], root, problems));
    } else if (key === 'required') {
      if (!Array.isArray(value) || value.some((r) => typeof r !== 'string')) say(key, 'must be a list of property names');
    } else if (key === 'enum') {
      if (!Array.isArray(value)) say(key, 'must be a list of allowed values');
    } else if (NUMBERS.includes(key)) {
      if (typeof value !== 'number') say(key, `must be a number, not ${JSON.stringify(value)}`);
    } else if (key === 'multipleOf') {
      if (typeof value !== 'number' || value <= 0) say(key, `must be a number above 0, not ${JSON.stringify(value)}`);
    } else if (COUNTS.includes(key)) {
      if (!Number.isInteger(value) || (value as number) < 0) say(key, `must be a whole number ≥ 0, not ${JSON.stringify(value)}`);
    } else if (key === 'pattern') {
      if (typeof value !== 'string' || !compiles(value)) say(key, `${JSON.stringify(value)} is not a regular expression`);
    } else if (key === '$ref') {
      if (typeof value !== 'string') say(key, 'must be a string');
      else if (value.startsWith('#') && !resolves(root, value)) say(key, `${JSON.stringify(value)} points at nothing in this schema`);
    } else if (!KEYWORDS.includes(key) && key.length >= 4) {
      const near = closest(key, KEYWORDS);
      if (near) say(key, `unknown keyword (did you mean "${near}"?)`);
    }
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function resolves(root: unknown, ref: string): boolean {
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((s) => s !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return false;
    node = (node as Record<string, unknown>)[key];
    if (node === undefined) return false;
  }
  return true;
}
