import { describe, expect, it } from 'vitest';
import type { LmModel } from '../../src/domain/types.js';
import { chooseModel } from '../../src/provider/index.js';

const m = (id: string, extra: Partial<LmModel> = {}): LmModel => ({ id, type: 'llm', ...extra });

describe('chooseModel', () => {
  it('never picks an embedding model', () => {
    const models = [m('e', { type: 'embedding', loaded: true, sizeBytes: 1 }), m('a')];
    for (const tier of ['fast', 'standard', 'premium'] as const) expect(chooseModel(models, tier)?.id).toBe('a');
    expect(chooseModel([m('e', { type: 'embedding' })], 'standard')).toBeUndefined();
    expect(chooseModel([], 'fast')).toBeUndefined();
  });

  it('prefers loaded models; the only loaded one serves every tier', () => {
    const models = [m('huge', { sizeBytes: 100 }), m('loaded', { sizeBytes: 50, loaded: true }), m('tiny', { sizeBytes: 1 })];
    for (const tier of ['fast', 'standard', 'premium'] as const) expect(chooseModel(models, tier)?.id).toBe('loaded');
  });

  it('ranks by size when every size is known', () => {
    const models = [m('b', { sizeBytes: 20 }), m('a', { sizeBytes: 10 }), m('d', { sizeBytes: 40 }), m('c', { sizeBytes: 30 })];
    expect(chooseModel(models, 'fast')?.id).toBe('a');
    expect(chooseModel(models, 'premium')?.id).toBe('d');
    expect(chooseModel(models, 'standard')?.id).toBe('c');
    expect(chooseModel(models.slice(0, 3), 'standard')?.id).toBe('b');
  });

  it("keeps the server's order when sizes are unknown, and unknown types count as chat models", () => {
    const models = [m('x', { type: 'unknown' }), m('y', { sizeBytes: 5 })];
    for (const tier of ['fast', 'standard', 'premium'] as const) expect(chooseModel(models, tier)?.id).toBe('x');
  });

  it('prefers tool-trained models for tool requests', () => {
    const models = [m('plain', { toolUse: false, loaded: true }), m('tools', { toolUse: true, loaded: true })];
    expect(chooseModel(models, 'standard')?.id).toBe('plain');
    expect(chooseModel(models, 'standard', { tools: true })?.id).toBe('tools');
  });
});
