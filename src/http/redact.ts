/** Replaces every secret in `text` with `***`. Secrets shorter than 4 characters are left (they would mangle text). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * An error safe to keep as `cause`: the original when it mentions no secret, else a copy with the secret
 * redacted from message and stack (the original is dropped, since its fields may hold the secret).
 */
export function redactCause(cause: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0 || cause === undefined || cause === null) return cause;
  if (cause instanceof Error) {
    const inner = redactCause(cause.cause, secrets);
    const text = `${cause.message}\n${cause.stack ?? ''}\n${safeJson(cause)}`;
    if (!secrets.some((s) => s.length >= 4 && text.includes(s)) && inner === cause.cause) return cause;
    const copy = new Error(redact(cause.message, secrets), inner === undefined ? undefined : { cause: inner });
    copy.name = cause.name;
    copy.stack = redact(cause.stack ?? '', secrets);
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    return copy;
  }
  if (typeof cause === 'string') return redact(cause, secrets);
  const text = safeJson(cause);
  return secrets.some((s) => s.length >= 4 && text.includes(s)) ? redact(text, secrets) : cause;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
