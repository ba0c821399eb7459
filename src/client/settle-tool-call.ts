// One tool call of a `runTools` round, decided: answered from the previous round (a repeat), refused (unknown tool,
// unreadable or off-schema arguments, denied by the guard), or executed. Never throws for the tool's sake: every
// failure becomes an error result that goes back to the model.
import type { ToolCall } from '../domain/types.js';
import { checkJsonSchema } from './json-schema-check.js';
import type { RunnableTool, RunToolsRequest, SkipReason } from './run-tools.js';
import { callKey } from './tool-call-key.js';

/** What became of one call: the text sent back to the model, and why it was not run as asked. */
export interface Outcome {
  toolCall: ToolCall;
  result: string;
  isError: boolean;
  skipped?: SkipReason;
}

/** Decides one call; `previous` maps the previous round's call keys to their results. */
export async function settleCall(
  call: ToolCall,
  tools: Map<string, RunnableTool>,
  previous: Map<string, string>,
  guard: RunToolsRequest['guard'],
  signal: AbortSignal,
): Promise<Outcome> {
  const earlier = previous.get(callKey(call.name, call.input, call.arguments));
  if (earlier !== undefined) {
    return {
      toolCall: call,
      result: `${earlier}\n\n(Note: this is the same call as in the previous round; its result is repeated, it was not run again.)`,
      isError: false,
      skipped: 'repeated',
    };
  }
  const tool = tools.get(call.name);
  if (!tool) {
    const names = [...tools.keys()].join(', ');
    return { toolCall: call, result: `Error: there is no tool named "${call.name}". Available tools: ${names}.`, isError: true, skipped: 'unknown-tool' };
  }
  if (!call.input) {
    return {
      toolCall: call,
      result: `Error: the arguments are not a valid JSON object (${call.error ?? 'unreadable'}). Call ${call.name} again with arguments that follow its schema.`,
      isError: true,
      skipped: 'invalid-arguments',
    };
  }
  let input = call.input;
  if (guard) {
    const decision = await guard(call);
    if (decision.action === 'deny') {
      return { toolCall: call, result: `Error: this call was denied: ${decision.reason}`, isError: true, skipped: 'denied' };
    }
    if (decision.action === 'replace') input = decision.input;
  }
  const problems = await checkJsonSchema(tool.parameters, input);
  if (problems.length > 0) {
    return {
      toolCall: call,
      result: `Error: the arguments do not fit the schema of ${call.name}: ${problems.join('; ')}. Call it again with corrected arguments.`,
      isError: true,
      skipped: 'invalid-arguments',
    };
  }
  try {
    const value: unknown = await tool.execute(input, { signal, toolCall: call });
    return { toolCall: call, result: typeof value === 'string' ? value : JSON.stringify(value ?? null), isError: false };
  } catch (error) {
    return { toolCall: call, result: `Error: ${error instanceof Error ? error.message : String(error)}`, isError: true };
  }
}
