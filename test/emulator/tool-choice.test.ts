// The scripted model picks the tool a prompt asks for, also when the arithmetic is written with symbols.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseTools, planTurn, spellOperators, type PlanModel } from '../../src/emulator/scripted-model.js';

const def = (name: string, description: string) => ({ name, description, parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } });
// The CLI's built-in tools, clock first (the order that made "6 × 7" call the clock).
const TOOLS = [
  def('get_time', 'Current date and time, optionally in an IANA time zone such as Europe/Paris.'),
  def('add', 'Add two numbers: a + b.'),
  def('subtract', 'Subtract two numbers: a - b.'),
  def('multiply', 'Multiply two numbers: a × b.'),
  def('divide', 'Divide two numbers: a ÷ b.'),
];
const names = (prompt: string) => chooseTools(prompt, TOOLS).map((t) => t.name);

describe('tool choice from symbols and words', () => {
  it('reads arithmetic symbols between numbers', () => {
    expect(names('What is 6 × 7?')).toEqual(['multiply']);
    expect(names('6*7')).toEqual(['multiply']);
    expect(names('What is 2 + 3?')).toEqual(['add']);
    expect(names('What is 10 - 4?')).toEqual(['subtract']);
    expect(names('What is 10 − 4?')).toEqual(['subtract']);
    expect(names('What is 12 ÷ 4?')).toEqual(['divide']);
    expect(names('What is 6 times 7?')).toEqual(['multiply']);
    expect(names('What time is it?')).toEqual(['get_time']);
  });

  it('leaves ranges, dates and clock times alone', () => {
    expect(spellOperators('from 2020-2021')).toBe('from 2020-2021');
    expect(spellOperators('at 12:30')).toBe('at 12:30');
    expect(spellOperators('6 × 7')).toBe('6 multiplied by 7');
  });

  it('a × b between any two numbers picks multiply (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('×', '*', ' x ', ' × '), (a, b, op) => {
        expect(names(`What is ${a}${op}${b}?`)).toEqual(['multiply']);
      }),
    );
  });

  it('plans the call with the numbers of the prompt', () => {
    const model: PlanModel = { toolUse: true, behaviour: 'normal', vision: false };
    const wire = TOOLS.map((t) => ({ type: 'function', function: t }));
    const turn = planTurn({ messages: [{ role: 'user', content: 'What is 6 × 7?' }], tools: wire }, model);
    expect(turn.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([['multiply', { a: 6, b: 7 }]]);
  });
});
