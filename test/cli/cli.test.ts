import { mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { cli, start } from './helpers.js';

let emulator: EmulatorHandle;
beforeEach(async () => {
  emulator = await startEmulator({ seed: 1 });
});
afterEach(async () => {
  await emulator.close();
});

describe('lmstudio-provider CLI against the emulator', { timeout: 90_000 }, () => {
  it('models prints a table of id, type, loaded, context, tool use and vision', async () => {
    const run = await cli(['models', '--base-url', emulator.url]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+LOADED\s+CONTEXT\s+TOOL USE\s+VISION$/);
    expect(run.stdout).toMatch(/qwen\/qwen3-4b-2507\s+llm\s+yes\s+\d+\s+yes\s+no/);
    expect(run.stdout).toMatch(/text-embedding-nomic-embed-text-v1\.5\s+embedding\s+no/);
  });

  it('models --json prints machine-readable models', async () => {
    const run = await cli(['--base-url', emulator.url, 'models', '--json']);
    expect(run.code).toBe(0);
    const { ok, command, models } = JSON.parse(run.stdout) as { ok: boolean; command: string; models: { id: string; type: string; loaded: boolean }[] };
    expect({ ok, command }).toEqual({ ok: true, command: 'models' });
    expect(models.find((m) => m.id === 'qwen/qwen3-4b-2507')).toMatchObject({ type: 'llm', loaded: true });
  });

  it('chat streams the answer to stdout and usage to stderr', async () => {
    const run = await cli(['chat', 'Say hello to the tests', '--model', 'qwen/qwen3-4b-2507'], { env: { LMSTUDIO_BASE_URL: emulator.url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Say hello to the tests');
    expect(run.stderr).toMatch(/\d+ prompt \+ \d+ completion tokens/);
    expect(run.stderr).not.toMatch(/\u001b\[/);
  });

  it('chat reads the prompt from stdin when none is given', async () => {
    const run = await cli(['chat', '--base-url', emulator.url], { input: 'a prompt from stdin\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('a prompt from stdin');
  });

  it('chat --json prints the chat result in the documented shape', async () => {
    const run = await cli(['chat', 'json please', '--json', '--model', 'qwen/qwen3-4b-2507', '--base-url', emulator.url]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { content: string; model: string; finishReason: string; usage: unknown };
    expect(result).toMatchObject({ ok: true, command: 'chat', model: 'qwen/qwen3-4b-2507', finishReason: 'stop', truncated: false, value: null, toolRuns: [], rounds: 1 });
    expect(result.content).toContain('json please');
    expect(result.usage).toBeDefined();
  });

  it('chat shows reasoning apart from the answer, and --no-reasoning hides it', async () => {
    const shown = await cli(['chat', 'think first', '--model', 'qwen/qwen3.8-27b', '--base-url', emulator.url]);
    expect(shown.code).toBe(0);
    const hidden = await cli(['chat', 'think first', '--model', 'qwen/qwen3.8-27b', '--no-reasoning', '--base-url', emulator.url]);
    expect(hidden.code).toBe(0);
    expect(shown.stdout).toBe(hidden.stdout);
    expect(shown.stderr.length).toBeGreaterThan(hidden.stderr.length);
  });

  it('chat --tools runs the built-in tools round by round', async () => {
    const run = await cli(['chat', 'What is 6 multiplied by 7? Use the multiply tool.', '--tools', '--model', 'qwen/qwen3-4b-2507', '--base-url', emulator.url]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('→ multiply(');
    expect(run.stderr).toContain('← multiply: 42');
    expect(run.stdout).toContain('42');
  });

  it('chat --json-schema prints the validated JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lmcli-'));
    const file = join(dir, 'schema.json');
    writeFileSync(file, JSON.stringify({ type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] }));
    const run = await cli(['chat', 'plan a trip', '--json-schema', file, '--model', 'qwen/qwen3-4b-2507', '--base-url', emulator.url]);
    expect(run.code).toBe(0);
    const value = JSON.parse(run.stdout) as { city: unknown; days: unknown };
    expect(typeof value.city).toBe('string');
    expect(Number.isInteger(value.days)).toBe(true);
  });

  it('models load and unload go through the emulator', async () => {
    const load = await cli(['models', 'load', 'google/gemma-4-e4b', '--context-length', '8192', '--base-url', emulator.url]);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/loaded google\/gemma-4-e4b/);
    expect(emulator.loadedInstances()).toContain('google/gemma-4-e4b');
    const unload = await cli(['models', 'unload', 'google/gemma-4-e4b', '--base-url', emulator.url]);
    expect(unload.code).toBe(0);
    expect(emulator.loadedInstances()).not.toContain('google/gemma-4-e4b');
  });

  it('exits 1 with the message and hint, and no stack trace, when nothing listens', async () => {
    const url = emulator.url;
    await emulator.close();
    const run = await cli(['models', '--base-url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot reach LM Studio at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\.\nStart the server/);
    expect(run.stderr).toContain('lmstudio-provider doctor');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    emulator = await startEmulator();
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli(['chat', '--max-tokens', 'lots', 'hi', '--base-url', emulator.url])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const bad = await cli(['chat', '--nope', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--nope/);
  });

  it('--help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('lmstudio-provider chat "prompt" [options]');
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('Ctrl-C during a stream aborts the request and exits cleanly', async () => {
    await emulator.close();
    emulator = await startEmulator({ tokenDelayMs: 200 });
    const closed = emulator.waitForClientClose(45_000);
    const session = start(['chat', 'a long answer please, with many many words in it', '--model', 'qwen/qwen3-4b-2507', '--base-url', emulator.url]);
    session.end();
    await session.waitFor(/\S/);
    session.child.kill('SIGINT');
    const run = await session.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Interrupted.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await closed;
  });
});

/** True when something accepts connections on 127.0.0.1:1234. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (the demo)', { timeout: 90_000 }, async () => {
  const taken = await portTaken(1234);
  if (taken) console.warn('[skip] demo with nothing on port 1234: something listens on 127.0.0.1:1234 on this machine.');
  it.skipIf(taken)('starts the emulator when LM Studio is not running, lists models, streams a chat and runs a tool round trip', async () => {
    const run = await cli(['demo']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/LM Studio is not running at http:\/\/localhost:1234; using the built-in emulator at http:\/\/127\.0\.0\.1:\d+ instead\./);
    expect(run.stdout).toMatch(/^ID\s+TYPE/m);
    expect(run.stderr).toContain('2. A streamed chat');
    expect(run.stderr).toContain('→ multiply({"a":12,"b":34})');
    expect(run.stderr).toContain('Next: npm run -s cli -- chat');
    expect(run.stderr).not.toMatch(/Try: lmstudio-provider/);
    expect(run.stderr).toContain('← multiply: 408');
    expect(run.stdout).toContain('408');
  });
});
