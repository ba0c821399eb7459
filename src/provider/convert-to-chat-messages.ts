import type { ChatMessage } from '../domain/types.js';
import type { AIMessage } from '../openorbit/index.js';

/** The system prompt as a system message (left out when blank: some templates reject an empty one), then the turns. */
export function convertToChatMessages(systemPrompt: string | undefined, turns: readonly AIMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (typeof systemPrompt === 'string' && systemPrompt.trim() !== '') out.push({ role: 'system', content: systemPrompt });
  for (const turn of turns) {
    const content = typeof turn.content === 'string' ? turn.content : String(turn.content ?? '');
    out.push(turn.role === 'assistant' ? { role: 'assistant', content } : { role: 'user', content });
  }
  return out;
}
