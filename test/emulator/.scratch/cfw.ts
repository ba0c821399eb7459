import { Validator } from '@cfworker/json-schema';
import { schemas } from '../../../generated/schemas.js';
const DOC = 'https://emulator.invalid/lmstudio.json';
const doc = { $id: DOC, components: { schemas: structuredClone(schemas) } };
const v = new Validator({ $ref: DOC + '#/components/schemas/ChatCompletionRequest' } as any, '2020-12', false);
v.addSchema(doc as any);
for (const body of [
  { model: 'x', messages: [{ role: 'user', content: 'hi' }] },
  { model: 'x' },
  { model: 'x', messages: [{ role: 'tool', content: 'hi', tool_call_id: '' }] },
  { model: 'x', messages: [{ role: 'developer', content: 'hi' }] },
  { model: 'x', messages: [{ role: 'user', content: 3 }], temperature: 'abc' },
  { model: 'x', messages: [], reasoning_effort: 'off' },
]) {
  const r = v.validate(body);
  console.log(JSON.stringify(body), r.valid, JSON.stringify(r.errors, null, 0));
}
