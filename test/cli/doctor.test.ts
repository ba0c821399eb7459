// `doctor` against the emulator in its configurations: healthy, unreachable, auth on (no token, wrong, right),
// CORS on and off; and the address check's localhost → IPv4 fallback with a stand-in resolver.
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose, type DoctorReport } from '../../src/cli/commands/doctor.js';
import { checkAddress, type AddressProbe, type Reachability } from '../../src/cli/commands/doctor-checks.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { cli } from './helpers.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const statusOf = (report: DoctorReport) => Object.fromEntries(report.checks.map((c) => [c.name, c.status]));

describe('lmstudio-provider doctor (the command)', { timeout: 90_000 }, () => {
  it('healthy: exit 0, and --json gives every check, the surfaces and the loaded models', async () => {
    emulator = await startEmulator({ seed: 1 });
    const run = await cli(['doctor', '--json', '--base-url', emulator.url]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport & { ok: boolean; command: string };
    expect(report).toMatchObject({ ok: true, command: 'doctor', healthy: true, surfaces: { 'api-v1': true, 'api-v0': true, openai: true } });
    expect(statusOf(report)).toEqual({ address: 'ok', server: 'ok', auth: 'ok', cors: 'warn', surfaces: 'ok', models: 'ok' });
    expect(report.loaded).toContainEqual({ id: 'qwen/qwen3-4b-2507', type: 'llm', contextLength: expect.any(Number), toolUse: true, vision: false });
  });

  it('auth required and no token: exit 1, the fix names --api-key', async () => {
    emulator = await startEmulator({ seed: 1, apiKey: 'secret-token' });
    const run = await cli(['doctor', '--base-url', emulator.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ auth\s+LM Studio requires an API token/);
    expect(run.stdout).toMatch(/fix: Pass the token with --api-key TOKEN/);
    expect(run.stdout).toMatch(/1 problem: see the fixes above/);
  });

  it('unreachable: exit 1 with the fix, --json says ok false with the error', async () => {
    emulator = await startEmulator();
    const url = emulator.url;
    await emulator.close();
    emulator = undefined;
    const run = await cli(['doctor', '--json', '--base-url', url]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport & { ok: boolean; error: { code: string } };
    expect(report).toMatchObject({ ok: false, healthy: false, reachedAt: null, error: { code: 'unhealthy' } });
    expect(report.checks[0]).toMatchObject({ name: 'address', status: 'fail', fix: expect.stringContaining('lms server start') });
    expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
  });
});

describe('diagnose', { timeout: 90_000 }, () => {
  it('a wrong token is refused; the right one is accepted and the models are listed', async () => {
    emulator = await startEmulator({ seed: 1, apiKey: 'secret-token' });
    const wrong = await diagnose({ baseUrl: emulator.url, apiKey: 'not-it' });
    expect(wrong.healthy).toBe(false);
    expect(wrong.checks.find((c) => c.name === 'auth')).toMatchObject({ status: 'fail', summary: expect.stringContaining('refused the one given') });
    expect(JSON.stringify(wrong)).not.toContain('not-it');
    const right = await diagnose({ baseUrl: emulator.url, apiKey: 'secret-token' });
    expect(right.healthy).toBe(true);
    expect(statusOf(right)).toMatchObject({ auth: 'ok', surfaces: 'ok', models: 'ok' });
  });

  it('CORS on is reported as on, off as a warning with the fix (healthy either way)', async () => {
    emulator = await startEmulator({ seed: 1, cors: true });
    const on = await diagnose({ baseUrl: emulator.url, apiKey: undefined });
    expect(on.checks.find((c) => c.name === 'cors')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^on/) });
    await emulator.close();
    emulator = await startEmulator({ seed: 1 });
    const off = await diagnose({ baseUrl: emulator.url, apiKey: undefined });
    expect(off.healthy).toBe(true);
    expect(off.checks.find((c) => c.name === 'cors')).toMatchObject({ status: 'warn', fix: expect.stringContaining('Enable CORS') });
  });

  it('no model loaded is a warning that says how to load one', async () => {
    emulator = await startEmulator({ seed: 1, models: [{ id: 'a/b', type: 'llm', publisher: 'a', arch: 'x', quantization: 'Q4', sizeBytes: 1, maxContextLength: 4096, loaded: false, toolUse: false, vision: false }] });
    const report = await diagnose({ baseUrl: emulator.url, apiKey: undefined });
    expect(report.healthy).toBe(true);
    expect(report.checks.find((c) => c.name === 'models')).toMatchObject({ status: 'warn', fix: expect.stringContaining('models load') });
  });

  it('a base URL with a path that is not LM Studio is a failed server check', async () => {
    emulator = await startEmulator({ seed: 1 });
    const report = await diagnose({ baseUrl: `${emulator.url}/somewhere`, apiKey: undefined });
    // The emulator answers every unknown path with LM Studio's 200 "Unexpected endpoint": no API lists models there.
    expect(report.healthy).toBe(false);
    expect(report.checks.find((c) => c.status === 'fail')?.fix).toMatch(/server root/);
  });
});

describe('checkAddress', { timeout: 90_000 }, () => {
  const probe = (addresses: string[], listening: string[]): AddressProbe => ({
    lookup: async () => addresses,
    connect: async (address): Promise<Reachability> => (listening.includes(address) ? 'listening' : 'refused'),
  });

  it('localhost resolving to ::1 first while only 127.0.0.1 listens: a warning naming the direct address', async () => {
    const { check, root } = await checkAddress(new URL('http://localhost:1234'), probe(['::1'], ['127.0.0.1']), 1000);
    expect(root).toBe('http://127.0.0.1:1234');
    expect(check).toMatchObject({ status: 'warn', fix: expect.stringContaining('--base-url http://127.0.0.1:1234') });
    expect(check.summary).toContain('[::1] refused');
  });

  it('IPv6 listening first is fine; nothing listening fails', async () => {
    const v6 = await checkAddress(new URL('http://localhost:1234'), probe(['::1', '127.0.0.1'], ['::1', '127.0.0.1']), 1000);
    expect(v6.check).toMatchObject({ status: 'ok', summary: expect.stringContaining('IPv6') });
    expect(v6.root).toBe('http://localhost:1234');
    const none = await checkAddress(new URL('http://localhost:1234'), probe(['127.0.0.1'], []), 1000);
    expect(none.check.status).toBe('fail');
    expect(none.root).toBeUndefined();
  });

  it('an IPv6 literal is probed as given; an unknown host name fails', async () => {
    const literal = await checkAddress(new URL('http://[::1]:1234'), probe([], ['::1']), 1000);
    expect(literal.root).toBe('http://[::1]:1234');
    const unknown = await checkAddress(new URL('http://nowhere.invalid:1234'), { lookup: () => Promise.reject(new Error('ENOTFOUND')), connect: async () => 'refused' }, 1000);
    expect(unknown.check).toMatchObject({ status: 'fail', summary: expect.stringContaining('does not resolve') });
  });
});
