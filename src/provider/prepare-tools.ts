import type { ChatTool } from '../domain/types.js';
import type { AIToolDefinition } from '../openorbit/index.js';

/** `AIToolDefinition` → OpenAI's function tool; a missing schema becomes an empty object schema. */
export function prepareTools(tools: readonly AIToolDefinition[]): ChatTool[] {
  return tools.map((tool) => {
    const schema = tool.inputSchema && typeof tool.inputSchema === 'object' ? tool.inputSchema : { type: 'object', properties: {} };
    const fn: ChatTool['function'] = { name: tool.name, parameters: { ...schema } };
    if (typeof tool.description === 'string' && tool.description !== '') fn.description = tool.description;
    return { type: 'function', function: fn };
  });
}
