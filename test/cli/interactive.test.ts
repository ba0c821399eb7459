// The interactive chat, driven as a person would: lines in, answers out, Ctrl-C and Ctrl-D.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { HAVE_SCRIPT, start, startOnTerminal } from './helpers.js';

const MODEL = 'qwen/qwen3-4b-2507';
let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface WireMessage {
  role: string;
  content: unknown;
}
const chatRequests = (h: EmulatorHandle) => h.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => (r.body as { messages: WireMessage[] }).messages);

describe('chat --interactive (lines on stdin)', { timeout: 90_000 }, () => {
  it('keeps the history, and /system, /clear, /tools and /exit change the session', async () => {
    emulator = await startEmulator({ seed: 1 });
    const session = start(['chat', '-i', '--model', MODEL, '--base-url', emulator.url]);
    session.write('first question\n');
    await session.waitFor(/You said: first question/);
    session.write('second question\n');
    await session.waitFor(/You said: second question/);
    session.write('/system Answer like a pirate\n/clear\nthird question\n');
    await session.waitFor(/You said: third question/);
    session.write('/tools on\nWhat is 6 × 7?\n');
    await session.waitFor(/The tool returned: 42/);
    session.write('/exit\nnot sent\n');
    const run = await session.done;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Chatting with qwen\/qwen3-4b-2507/);
    expect(run.stderr).toMatch(/\d+ completion tokens · [\d.]+ tokens\/s/);
    expect(run.stderr).toContain('→ multiply({"a":6,"b":7})');
    expect(run.stderr).toContain('Bye.');

    const requests = chatRequests(emulator);
    // The second request carries the first exchange.
    expect(requests[1]?.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(requests[1]?.[1]?.content).toContain('You said: first question');
    // After /system and /clear: the system prompt, then only the new question.
    expect(requests[2]).toEqual([
      { role: 'system', content: 'Answer like a pirate' },
      { role: 'user', content: 'third question' },
    ]);
    // With tools the history goes on from the third exchange, and "not sent" never was.
    expect(requests.length).toBe(5);
    expect(requests[3]?.slice(0, 4).map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(requests)).not.toContain('not sent');
  });

  it('Ctrl-C stops the answer being written, not the session; end of input leaves', async () => {
    emulator = await startEmulator({ seed: 1, tokenDelayMs: 150 });
    const closed = emulator.waitForClientClose(45_000);
    const session = start(['chat', '-i', '--model', MODEL, '--base-url', emulator.url]);
    session.write('a long answer please, with many many words in it\n');
    await session.waitFor(/You said/);
    session.child.kill('SIGINT');
    await session.waitFor(/\(stopped\)/, 'stderr');
    await closed; // the request was really aborted
    session.write('short\n');
    await session.waitFor(/You said: short/);
    session.end();
    const run = await session.done;
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Interrupted.');
    expect(run.stderr).toContain('Bye.');
  });

  it('an error in one answer is reported and the session goes on', async () => {
    emulator = await startEmulator({ seed: 1 });
    const session = start(['chat', '-i', '--model', `${MODEL}@fault=http-500`, '--base-url', emulator.url]);
    session.write('hello?\n');
    await session.waitFor(/error: LM Studio failed with HTTP 500/, 'stderr');
    session.write(`/model ${MODEL}\nhello again\n`);
    await session.waitFor(/You said: hello again/);
    session.end();
    expect((await session.done).code).toBe(0);
    // The failed turn is not in the history.
    const last = chatRequests(emulator).at(-1);
    expect(last).toEqual([{ role: 'user', content: 'hello again' }]);
  });
});

describe('chat on a terminal', { timeout: 90_000 }, async () => {
  if (!HAVE_SCRIPT) console.warn('[skip] terminal sessions: `script` (util-linux) is not available to give the CLI a pseudo-terminal.');
  it.skipIf(!HAVE_SCRIPT)('opens a session without a prompt; Ctrl-C stops an answer, Ctrl-D leaves', async () => {
    emulator = await startEmulator({ seed: 1, tokenDelayMs: 150 });
    const session = startOnTerminal(['chat', '--model', MODEL, '--base-url', emulator.url]);
    await session.waitFor(/Chatting with/);
    session.write('tell me a long story about many things\r');
    await session.waitFor(/You said/);
    session.write('\x03'); // Ctrl-C, read by readline on the terminal
    await session.waitFor(/\(stopped\)/);
    session.write('\x03'); // at the prompt: says how to leave, does not leave
    await session.waitFor(/Ctrl-D or \/exit leaves\)/);
    await new Promise((r) => setTimeout(r, 2_100)); // not a double Ctrl-C
    session.write('\x04'); // Ctrl-D
    const run = await session.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Bye.');
  });
});
