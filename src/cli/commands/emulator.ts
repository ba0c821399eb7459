// `emulator`: the built-in LM Studio stand-in, until Ctrl-C.
import { startEmulator } from '../../emulator/index.js';
import { parseOptions, UsageError } from '../args.js';

const EMULATOR_OPTIONS = { port: { type: 'string', short: 'p' }, host: { type: 'string' }, cors: { type: 'boolean' }, 'require-token': { type: 'string' } } as const;

/** `emulator`: serves until the signal (Ctrl-C); a taken port or address is explained, not thrown. */
export async function emulatorCommand(args: string[], err: NodeJS.WriteStream, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseOptions('emulator', args, EMULATOR_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`emulator takes no arguments (got "${positionals[0]}").`);
  const port = values.port === undefined ? 1234 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number (0 for any free one), not "${values.port}".`);
  const host = values.host ?? '127.0.0.1';
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      host,
      cors: Boolean(values.cors),
      ...(values['require-token'] ? { apiKey: values['require-token'] } : {}),
      log: (line) => err.write(`${line}\n`),
      recordRequests: false,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      err.write(`error: port ${port} on ${host} is already in use (LM Studio, or another emulator, may be running there).\nPick another with --port N, or --port 0 for any free port.\n`);
      return 1;
    }
    if (code === 'EACCES') {
      err.write(`error: no permission to listen on port ${port}; use a port above 1023.\n`);
      return 1;
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      err.write(`error: cannot listen on ${host}: this machine has no such address. Use --host 127.0.0.1.\n`);
      return 1;
    }
    throw error;
  }
  err.write(`LM Studio emulator listening at ${emulator.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await emulator.close();
  return 0;
}
