import type { RunnableTool } from '../client/run-tools.js';

/** Harmless tools for the demo and `chat --tools`: a clock and arithmetic. */
export const builtinTools: RunnableTool[] = [
  {
    name: 'get_time',
    description: 'Current date and time, optionally in an IANA time zone such as Europe/Paris.',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string', description: 'IANA time zone name' } },
    },
    execute: (input) => {
      const timeZone = typeof input.timezone === 'string' && input.timezone !== '' ? input.timezone : undefined;
      return new Date().toLocaleString('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' });
    },
  },
  ...(['add', 'subtract', 'multiply', 'divide'] as const).map(
    (op): RunnableTool => ({
      name: op,
      description: `${op[0]?.toUpperCase()}${op.slice(1)} two numbers: a ${{ add: '+', subtract: '-', multiply: '×', divide: '÷' }[op]} b.`,
      parameters: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
        additionalProperties: false,
      },
      execute: (input) => {
        const a = input.a as number;
        const b = input.b as number;
        if (op === 'divide' && b === 0) throw new Error('division by zero');
        const value = op === 'add' ? a + b : op === 'subtract' ? a - b : op === 'multiply' ? a * b : a / b;
        return String(value);
      },
    }),
  ),
];
