/**
 * Regenerates generated/ from openapi/lmstudio.yaml.
 *
 *   npm run generate          write the files
 *   npm run generate:check    regenerate in memory; exit 1 naming each file that differs
 *
 * Output is deterministic (no timestamps, stable key order) so that the check is meaningful.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse as parseYaml } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = resolve(root, 'openapi/lmstudio.yaml');

const HEADER = [
  '// Generated from openapi/lmstudio.yaml by scripts/generate.ts. Do not edit: run `npm run generate`.',
  '',
].join('\n');

/** Renders every generated file from the spec text; pure apart from reading the spec. */
export async function render(specText: string): Promise<Map<string, string>> {
  const ast = await openapiTS(specText, {
    // The spec is the contract: fail on anything openapi-typescript cannot map faithfully.
    defaultNonNullable: false,
  });
  const types = HEADER + '/* eslint-disable */\n' + astToString(ast);

  // The schemas as data, for runtime validation (the emulator checks every request body against them).
  const spec = parseYaml(specText) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = spec.components?.schemas ?? {};
  const schemasTs =
    HEADER +
    '/** `components.schemas` of openapi/lmstudio.yaml as JSON Schema 2020-12 data; `$ref`s point at `#/components/schemas/…`. */\n' +
    `export const schemas = ${JSON.stringify(schemas, null, 2)} as const;\n`;

  return new Map([
    [resolve(root, 'generated/lmstudio.ts'), types],
    [resolve(root, 'generated/schemas.ts'), schemasTs],
  ]);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await render(await readFile(specPath, 'utf8'));
  const drifted: string[] = [];
  for (const [file, text] of files) {
    if (check) {
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current !== text) drifted.push(relative(root, file));
    } else {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
      console.log(`wrote ${relative(root, file)}`);
    }
  }
  if (drifted.length > 0) {
    console.error(
      `generated/ has drifted from openapi/lmstudio.yaml: ${drifted.join(', ')} differ. Run \`npm run generate\`.`,
    );
    process.exitCode = 1;
  } else if (check) {
    console.log('generated/ is up to date with openapi/lmstudio.yaml');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
