// What a new user ran into, each fixed and kept fixed: base URL forms, schema errors, cut-off answers, one
// --json shape, messages in the CLI's words, timeouts as flags, a taken port.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { cli } from './helpers.js';

const MODEL = 'qwen/qwen3-4b-2507';
let emulator: EmulatorHandle;
beforeEach(async () => {
  emulator = await startEmulator({ seed: 1 });
});
afterEach(async () => {
  await emulator.close();
});

const dir = mkdtempSync(join(tmpdir(), 'lmcli-friction-'));
const schemaFile = (schema: unknown) => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(schema));
  return path;
};

describe('friction a new user met', { timeout: 90_000 }, () => {
  it('--base-url takes host:port, and a pasted /api path', async () => {
    const bare = await cli(['models', '--json', '--base-url', `localhost:${emulator.port}`]);
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.stdout)).toMatchObject({ ok: true, command: 'models' });
    const api = await cli(['models', '--base-url', `http://127.0.0.1:${emulator.port}/api`]);
    expect(api.code).toBe(0);
    expect(api.stdout).toContain(MODEL);
  });

  it('an invalid --json-schema is a usage error naming the place, not the model\'s fault', async () => {
    const run = await cli(['chat', 'plan a trip', '--json-schema', schemaFile({ type: 'object', properties: { days: { type: 'intger' } } }), '--base-url', emulator.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a valid JSON Schema');
    expect(run.stderr).toContain('at /properties/days/type: "intger" is not a type');
    expect(run.stderr).not.toMatch(/model/i);
    expect(emulator.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('an answer cut by --max-tokens says so; --json marks it truncated', async () => {
    const run = await cli(['chat', 'tell me everything about the sea', '--max-tokens', '3', '--model', MODEL, '--base-url', emulator.url]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: the answer was cut off at --max-tokens 3');
    const json = await cli(['chat', 'tell me everything about the sea', '--max-tokens', '3', '--json', '--model', MODEL, '--base-url', emulator.url]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, finishReason: 'length', truncated: true });
  });

  it('--json has one shape for chat, with or without --tools and --json-schema', async () => {
    const schema = schemaFile({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
    const runs = await Promise.all([
      cli(['chat', 'hello', '--json', '--model', MODEL, '--base-url', emulator.url]),
      cli(['chat', 'What is 6 × 7?', '--tools', '--json', '--model', MODEL, '--base-url', emulator.url]),
      cli(['chat', 'a city please', '--json-schema', schema, '--json', '--model', MODEL, '--base-url', emulator.url]),
    ]);
    const [plain, tools, structured] = runs.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    });
    const keys = (o: Record<string, unknown> | undefined) => Object.keys(o ?? {}).sort();
    expect(keys(tools)).toEqual(keys(plain));
    expect(keys(structured)).toEqual(keys(plain));
    expect(plain).toMatchObject({ ok: true, command: 'chat', value: null, toolRuns: [], rounds: 1 });
    expect(tools).toMatchObject({ rounds: 2, toolRuns: [{ round: 1, name: 'multiply', arguments: '{"a":6,"b":7}', result: '42', isError: false }] });
    expect(tools?.content).toContain('42');
    expect(structured).toMatchObject({ value: { city: expect.any(String) } });
  });

  it('failures under --json are one JSON object too: usage (exit 2) and server errors (exit 1)', async () => {
    const usage = await cli(['chat', 'hi', '--json', '--temperature', 'hot', '--base-url', emulator.url]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ ok: false, command: 'chat', error: { code: 'usage', message: expect.stringContaining('--temperature') } });
    await emulator.close();
    const locked = await startEmulator({ seed: 1, apiKey: 'the-token' });
    try {
      const auth = await cli(['chat', 'hi', '--json', '--model', MODEL, '--base-url', locked.url]);
      expect(auth.code).toBe(1);
      const reply = JSON.parse(auth.stdout) as { ok: boolean; error: { code: string; status: number; hint: string } };
      expect(reply).toMatchObject({ ok: false, error: { code: 'auth', status: 401 } });
      expect(reply.error.hint).toContain('--api-key');
      expect(auth.stderr).toContain('--api-key');
    } finally {
      await locked.close();
      emulator = await startEmulator({ seed: 1 });
    }
  });

  it('--idle-timeout limits a stalled answer, and the hint names the flag', async () => {
    const run = await cli(['chat', 'hi', '--idle-timeout', '0.5', '--model', `${MODEL}@fault=stall-mid-stream`, '--base-url', emulator.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('went silent for 0.5 s');
    expect(run.stderr).toContain('raise --idle-timeout');
    expect(run.stderr).not.toMatch(/timeouts\.|idleMs/);
  });

  it('no arguments shows the help (exit 0); an unknown option alone is named as an option', async () => {
    const none = await cli([]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Usage:');
    const flag = await cli(['--jsn']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option --jsn (did you mean --json?)');
    expect(flag.stderr).not.toContain('unknown command');
    const typo = await cli(['chta']);
    expect(typo.stderr).toContain('unknown command "chta" (did you mean chat?)');
  });

  it('emulator on a taken port says so in plain words', async () => {
    const run = await cli(['emulator', '--port', String(emulator.port)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`port ${emulator.port} on 127.0.0.1 is already in use`);
    expect(run.stderr).toContain('--port 0');
    expect(run.stderr).not.toContain('EADDRINUSE');
  });
});
