// The progress display: numbers people read, a bar on a terminal, few plain lines elsewhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, progressDisplay, progressLine, secondsLeft } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  let text = '';
  const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('progress', () => {
  it('formats bytes, durations and what is left', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.23 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.50 GB');
    expect(formatDuration(9)).toBe('9s');
    expect(formatDuration(125)).toBe('2m 05s');
    expect(formatDuration(3725)).toBe('1h 02m');
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(secondsLeft({ status: 'downloading', estimatedCompletion: '2026-01-01T00:01:00Z' }, now)).toBe(60);
    expect(secondsLeft({ status: 'downloading', downloadedBytes: 100, totalBytes: 1100, bytesPerSecond: 100 }, now)).toBe(10);
  });

  it('a line has the bar, percent, bytes, speed and time left', () => {
    const line = progressLine({ status: 'downloading', downloadedBytes: 500_000_000, totalBytes: 2_000_000_000, bytesPerSecond: 10_000_000 }, 0, 8);
    expect(line).toBe('[██░░░░░░] 25%  500.0 MB / 2.00 GB  10.0 MB/s  2m 30s left');
    expect(progressLine({ status: 'completed', downloadedBytes: 10, totalBytes: 10 }, 0, 4)).toBe('[████] 100%  10 B / 10 B  completed');
  });

  it('percent never leaves 0..100 and the bar keeps its width (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1 }), (done, total) => {
        const line = progressLine({ status: 'downloading', downloadedBytes: done, totalBytes: total }, 0, 10);
        const match = /^\[([█░]{10})\] (\d+)%/.exec(line);
        expect(match).not.toBeNull();
        expect(Number(match?.[2])).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('not on a terminal: plain lines, at most one per 10 % and one per status', () => {
    const out = fakeStream(false);
    const display = progressDisplay(out.stream, 'model', () => 0);
    for (let i = 0; i <= 100; i++) display.update({ status: 'downloading', downloadedBytes: i, totalBytes: 100 });
    display.update({ status: 'completed', downloadedBytes: 100, totalBytes: 100 });
    display.done();
    const lines = out.text().trim().split('\n');
    expect(lines.length).toBe(12);
    expect(out.text()).not.toContain('\r');
    expect(lines.at(-1)).toContain('completed');
  });

  it('on a terminal: one line redrawn in place', () => {
    const out = fakeStream(true);
    const display = progressDisplay(out.stream, 'model', () => 0);
    display.update({ status: 'downloading', downloadedBytes: 1, totalBytes: 2 });
    display.update({ status: 'downloading', downloadedBytes: 2, totalBytes: 2 });
    display.done();
    expect(out.text().split('\r\x1b[2K').length).toBe(3);
    expect(out.text().endsWith('\n')).toBe(true);
  });
});
