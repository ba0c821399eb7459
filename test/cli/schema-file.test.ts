// --json-schema files: JSON mistakes with line and column, schema mistakes with their place.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonProblem, readSchemaFile, schemaProblems } from '../../src/cli/schema-file.js';

const dir = mkdtempSync(join(tmpdir(), 'lmcli-schema-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('schemaProblems', () => {
  it('accepts valid schemas', () => {
    expect(schemaProblems({ type: 'object', properties: { city: { type: 'string' }, days: { type: ['integer', 'null'], minimum: 1 } }, required: ['city'] })).toEqual([]);
    expect(schemaProblems({ $defs: { a: { type: 'string' } }, type: 'array', items: { $ref: '#/$defs/a' }, minItems: 1 })).toEqual([]);
    expect(schemaProblems(true)).toEqual([]);
  });

  it('says what is wrong and where, as a JSON Pointer', () => {
    expect(schemaProblems({ type: 'object', properties: { days: { type: 'intger' } } })).toEqual([
      'at /properties/days/type: "intger" is not a type; use one of string, number, integer, boolean, object, array, null',
    ]);
    expect(schemaProblems({ required: 'city' })).toEqual(['at /required: must be a list of property names']);
    expect(schemaProblems({ properties: { a: 5 } })).toEqual(['at /properties/a: a schema must be an object (or true/false), not 5']);
    expect(schemaProblems({ items: { $ref: '#/$defs/missing' } })).toEqual(['at /items/$ref: "#/$defs/missing" points at nothing in this schema']);
    expect(schemaProblems({ type: 'string', pattern: '([a-z' })).toEqual(['at /pattern: "([a-z" is not a regular expression']);
    expect(schemaProblems({ type: 'object', proprties: {} })).toEqual(['at /proprties: unknown keyword (did you mean "properties"?)']);
    expect(schemaProblems({ anyOf: [] })).toEqual(['at /anyOf: must be a non-empty list of schemas']);
  });
});

describe('readSchemaFile', () => {
  it('reports invalid JSON with a line and column, not a character position', async () => {
    const path = file('broken.json', '{\n  "type": "object",\n  "title": "unterminated\n}');
    await expect(readSchemaFile(path)).rejects.toThrow(/is not valid JSON: .* \(line 3, column \d+\)/);
    expect(jsonProblem('{"a": 1,}', new SyntaxError('Expected double-quoted property name in JSON at position 8'))).toBe('Expected double-quoted property name (line 1, column 9)');
  });

  it('reports an invalid schema as the schema\'s fault, before any model is asked', async () => {
    const path = file('bad.json', JSON.stringify({ type: 'object', properties: { days: { type: 'intger' } } }));
    await expect(readSchemaFile(path)).rejects.toThrow(/the schema in .*bad\.json is not a valid JSON Schema:\n {2}at \/properties\/days\/type/);
    await expect(readSchemaFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read the schema file .*missing\.json: no such file/);
    await expect(readSchemaFile(file('list.json', '[1]'))).rejects.toThrow(/must hold a JSON Schema object/);
  });
});
