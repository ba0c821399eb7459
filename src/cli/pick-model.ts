import type { LmModel } from '../domain/types.js';

/** The model a command uses when none is named: a loaded chat model first, one trained for tools if wanted. */
export function pickChatModel(models: readonly LmModel[], wantTools = false): LmModel | undefined {
  const chat = models.filter((m) => m.type !== 'embedding');
  const score = (m: LmModel) => (m.loaded ? 2 : 0) + (wantTools && m.toolUse ? 1 : 0);
  return [...chat].sort((a, b) => score(b) - score(a))[0];
}
