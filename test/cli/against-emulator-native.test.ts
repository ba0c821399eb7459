// The same progress end to end against the emulator's native surfaces: downloads that advance between polls, and a
// first answer that loads its model just in time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { cli } from './helpers.js';

let emulator: EmulatorHandle;
beforeEach(async () => {
  emulator = await startEmulator({ seed: 1, jitLoadMs: 300 });
});
afterEach(async () => {
  await emulator.close();
});

describe('progress against the emulator', { timeout: 90_000 }, () => {
  it('models download follows a job to completion; a downloaded model says so; a failed job exits 1', async () => {
    const run = await cli(['models', 'download', 'someone/new-model-gguf', '--base-url', emulator.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/someone\/new-model-gguf {2}\[[█░]+\] 2[45]% {2}569\.\d+ MB \/ 2\.28 GB {2}9\.83 MB\/s/);
    expect(run.stderr).toMatch(/\] 100% .*completed/);
    expect(run.stdout).toContain('downloaded someone/new-model-gguf (2.28 GB). Load it with:');

    const again = await cli(['models', 'download', 'qwen/qwen3-4b-2507', '--json', '--base-url', emulator.url]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, command: 'models download', download: { status: 'already_downloaded' } });

    const failed = await cli(['models', 'download', 'someone/will-fail', '--base-url', emulator.url]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('LM Studio reported the download of "someone/will-fail" as failed.');
  });

  it('a first answer from a model that is not loaded shows the load, then answers', async () => {
    const run = await cli(['chat', 'hello there', '--model', 'google/gemma-4-e4b', '--base-url', emulator.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/loading google\/gemma-4-e4b {2}\[█+\] 100%/);
    expect(run.stdout).toMatch(/hello there/);
    expect(emulator.requests.map((r) => r.path)).toContain('/api/v1/chat');
    expect(emulator.loadedInstances()).toContain('google/gemma-4-e4b');
  });
});
