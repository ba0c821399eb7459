// Argument parsing in the CLI's words: options, values, suggestions, base URLs, seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliBaseUrl, closest, parseOptions, seconds, splitGlobals, UsageError } from '../../src/cli/args.js';

const OPTIONS = { model: { type: 'string', short: 'm' }, json: { type: 'boolean' }, temperature: { type: 'string' } } as const;
const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseOptions', () => {
  it('reads values, switches and positionals', () => {
    expect(parseOptions('chat', ['-m', 'x', 'hello', '--json', 'world'], OPTIONS)).toEqual({ values: { model: 'x', json: true }, positionals: ['hello', 'world'] });
    expect(parseOptions('chat', ['--model=-odd', '--', '--json'], OPTIONS)).toEqual({ values: { model: '-odd' }, positionals: ['--json'] });
    expect(parseOptions('chat', ['--temperature', '-1'], OPTIONS).values.temperature).toBe('-1');
    const repeatable = { image: { type: 'string', multiple: true } } as const;
    expect(parseOptions('chat', ['--image', 'a.png', 'hi', '--image=b.jpg'], repeatable)).toEqual({ values: { image: ['a.png', 'b.jpg'] }, positionals: ['hi'] });
  });

  it('says what is wrong in its own words, never node\'s', () => {
    expect(usage(() => parseOptions('chat', ['--mdoel', 'x'], OPTIONS))).toBe('"chat" has no option --mdoel (did you mean --model?).');
    expect(usage(() => parseOptions('chat', ['--model'], OPTIONS))).toBe('--model needs a value.');
    expect(usage(() => parseOptions('chat', ['--model', '--json'], OPTIONS))).toMatch(/next word is the option "--json"\. To pass a value starting with "-", write --model=--json/);
    expect(usage(() => parseOptions('chat', ['--json=yes'], OPTIONS))).toBe('--json takes no value (got "yes").');
    expect(usage(() => parseOptions('chat', ['-m', 'a', '--model', 'b'], OPTIONS))).toBe('--model is given twice.');
    const anyMessage = fc.string({ minLength: 1 }).map((s) => `--${s.replace(/[=-]/g, 'x')}`);
    fc.assert(
      fc.property(anyMessage, (flag) => {
        try {
          parseOptions('chat', [flag], OPTIONS);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).not.toMatch(/ambiguous|ERR_PARSE_ARGS/);
        }
      }),
    );
  });

  it('closest suggests near names only', () => {
    expect(closest('modle', ['model', 'json'])).toBe('model');
    expect(closest('temp', ['model', 'temperature'])).toBe('temperature');
    expect(closest('zzzzzz', ['model', 'json'])).toBeUndefined();
  });
});

describe('globals', () => {
  it('are taken from anywhere before --, timeouts in seconds', () => {
    const g = splitGlobals(['chat', '--idle-timeout', '2.5', 'hi', '--base-url=x:1', '--timeout', 'off', '--first-token-timeout', '30', '--', '--api-key']);
    expect(g).toMatchObject({ baseUrl: 'x:1', apiKey: undefined, rest: ['chat', 'hi', '--', '--api-key'] });
    expect(g.timeouts).toEqual({ idleMs: 2500, totalMs: Infinity, firstTokenMs: 30_000 });
    expect(() => splitGlobals(['--timeout', 'soon'])).toThrow(/--timeout needs a number of seconds/);
    expect(() => splitGlobals(['models', '--base-url'])).toThrow('--base-url needs a value.');
    expect(seconds('0', '--timeout')).toBe(Infinity);
  });
});

describe('cliBaseUrl', () => {
  it('takes host:port without a scheme, and cuts pasted API paths back to the root', () => {
    expect(cliBaseUrl('localhost:1234')).toBe('http://localhost:1234');
    expect(cliBaseUrl('[::1]:1234')).toBe('http://[::1]:1234');
    expect(cliBaseUrl('http://127.0.0.1:1234/api')).toBe('http://127.0.0.1:1234');
    expect(cliBaseUrl('http://127.0.0.1:1234/api/v1/models')).toBe('http://127.0.0.1:1234');
    expect(cliBaseUrl('https://box.lan/v1/chat/completions/')).toBe('https://box.lan');
    expect(cliBaseUrl('http://proxy.lan/lmstudio')).toBe('http://proxy.lan/lmstudio');
    expect(() => cliBaseUrl('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
  });

  it('any host and port without a scheme becomes http://host:port (property)', () => {
    const host = fc.oneof(fc.constant('localhost'), fc.ipV4(), fc.domain());
    fc.assert(
      fc.property(host, fc.integer({ min: 1, max: 65535 }), (h, port) => {
        const url = new URL(cliBaseUrl(`${h}:${port}`));
        expect(url.protocol).toBe('http:');
        expect(url.hostname).toBe(h.toLowerCase());
        expect(url.pathname).toBe('/');
      }),
    );
  });
});
