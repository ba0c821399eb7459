import type { LmModel } from '../domain/types.js';
import type { ModelTier } from '../openorbit/index.js';

/** Anything that can chat: `llm`, `vlm`, or a model the server did not type. Never an embedding model. */
export function isChatModel(model: LmModel): boolean {
  return model.type !== 'embedding';
}

/**
 * Picks a model for a tier when the user set none (upstream defect 2: every tier took the first id of
 * `/v1/models`, which can be an embedding model):
 * - only chat models; loaded ones first (a just-in-time load costs seconds and evicts the loaded model);
 * - with `tools`, models trained for tool use first, when the server says which;
 * - with `vision` (the request carries images), models with vision first, when the server says which;
 * - when every candidate's size is known: `fast` the smallest, `premium` the largest, `standard` the middle
 *   (upper middle of an even count); otherwise the server's order decides and every tier takes the first.
 * Returns undefined when nothing can chat.
 */
export function chooseModel(models: readonly LmModel[], tier: ModelTier, options: { tools?: boolean; vision?: boolean } = {}): LmModel | undefined {
  let pool = models.filter(isChatModel);
  const loaded = pool.filter((m) => m.loaded === true);
  if (loaded.length > 0) pool = loaded;
  if (options.tools) {
    const toolReady = pool.filter((m) => m.toolUse === true);
    if (toolReady.length > 0) pool = toolReady;
  }
  if (options.vision) {
    const seeing = pool.filter((m) => m.vision === true);
    if (seeing.length > 0) pool = seeing;
  }
  if (pool.length <= 1) return pool[0];
  if (!pool.every((m) => typeof m.sizeBytes === 'number')) return pool[0];
  const bySize = [...pool].sort((a, b) => (a.sizeBytes as number) - (b.sizeBytes as number));
  switch (tier) {
    case 'fast':
      return bySize[0];
    case 'premium':
      return bySize[bySize.length - 1];
    default:
      return bySize[Math.floor(bySize.length / 2)];
  }
}
