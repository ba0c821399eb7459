/**
 * Writes the OpenOrbit extension folder: a drop-in replacement for the host's
 * `packages/extensions/ext-ai-lm-studio` (see the README, "In OpenOrbit"). Its files:
 * - `package.json`: the host's extension shape (`@openorbit/ext-ai-lm-studio`, `type: module`, `main` and the
 *   manifest's `main`/`renderer` at `./src/main/index.ts` and `./src/renderer/index.ts`, an `exports` map naming
 *   `./main/index` so the host's type-check resolves its import, `dependencies: { "@openorbit/core": "*" }` like
 *   its siblings, so the host installs nothing new);
 * - `src/main/index.ts` and `src/renderer/index.ts`: short TypeScript in the host's style (templates.ts);
 * - `src/main/lm-studio.js`: src/main.ts with the provider and its runtime dependencies bundled by esbuild, under
 *   a path no usual .gitignore ignores, with a generated-file header that turns linting off; and its declarations
 *   `src/main/lm-studio.d.ts` (checked against src/main.ts by test/openorbit/declarations.test.ts);
 * - `README.md` and `THIRD-PARTY-NOTICES.md` (the licences of everything bundled).
 * Every file is formatted with the host's prettier settings, so `prettier --check` in the host passes too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { format, type Options } from 'prettier';
import { BUNDLE_NAME, HOST_PRETTIER, MAIN_INDEX, RENDERER_INDEX, readme } from './templates.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION_ID = 'ext-ai-lm-studio';

interface OwnPackage {
  name: string;
  version: string;
  description: string;
  license: string;
  openorbit: Record<string, unknown>;
}

export interface FolderResult {
  /** The folder written (absolute). */
  folder: string;
  /** Every file written, relative to the folder, sorted. */
  files: string[];
  /** The npm packages bundled into lm-studio.js (name@version). */
  bundled: string[];
}

/**
 * Writes (creating or replacing) the OpenOrbit folder at `folder`. An existing folder is replaced only when it is
 * empty or is this extension (its package.json names `ext-ai-lm-studio`), so a wrong path is never wiped.
 * @throws Error when `folder` holds something else, or when the bundle would import a `node:` module.
 */
export async function buildOpenOrbitFolder(folder: string): Promise<FolderResult> {
  const target = resolve(folder);
  assertReplaceable(target);
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as OwnPackage;

  const bundle = await bundleMain(own);
  const files = new Map<string, string>([
    ['package.json', await pretty(JSON.stringify(hostPackage(own)), 'json-stringify')],
    ['src/main/index.ts', await pretty(MAIN_INDEX, 'typescript')],
    [`src/main/${BUNDLE_NAME}.js`, bundle.code],
    [`src/main/${BUNDLE_NAME}.d.ts`, await pretty(readFileSync(join(root, 'scripts/openorbit/lm-studio.d.ts'), 'utf8'), 'typescript')],
    ['src/renderer/index.ts', await pretty(RENDERER_INDEX, 'typescript')],
    ['README.md', await pretty(readme(own.version), 'markdown')],
    ['THIRD-PARTY-NOTICES.md', await pretty(notices(own, bundle.packages), 'markdown')],
  ]);

  rmSync(target, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  return { folder: target, files: [...files.keys()].sort(), bundled: bundle.packages.map((p) => `${p.name}@${p.version}`) };
}

function assertReplaceable(target: string): void {
  if (!existsSync(target) || readdirSync(target).length === 0) return;
  let id: unknown;
  try {
    const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { openorbit?: { id?: unknown } };
    id = pkg.openorbit?.id;
  } catch {
    id = undefined;
  }
  if (id !== EXTENSION_ID) {
    throw new Error(`${target} is not empty and is not the ${EXTENSION_ID} extension (no package.json with openorbit.id "${EXTENSION_ID}"); refusing to replace it.`);
  }
}

/** The folder's package.json: the host's extension shape, with this package's manifest. */
function hostPackage(own: OwnPackage): Record<string, unknown> {
  const main = './src/main/index.ts';
  const renderer = './src/renderer/index.ts';
  return {
    name: own.name,
    version: own.version,
    description: own.description,
    private: true,
    license: own.license,
    type: 'module',
    main,
    // The host's type-check reaches `@openorbit/ext-ai-lm-studio/main/index` through the workspace link only.
    exports: { '.': main, './main/index': main, './renderer/index': renderer, './package.json': './package.json' },
    keywords: ['openorbit-extension'],
    openorbit: { ...own.openorbit, version: own.version, main, renderer },
    dependencies: { '@openorbit/core': '*' },
  };
}

interface BundledPackage {
  name: string;
  version: string;
  license: string;
  dir: string;
}

async function bundleMain(own: OwnPackage): Promise<{ code: string; packages: BundledPackage[] }> {
  const result = await build({
    entryPoints: [join(root, 'src/main.ts')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    // Electron's main process runs it; the code itself is platform-neutral (no node: imports).
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote nothing');
  const nodeImport = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]node:/.exec(output.text);
  if (nodeImport) throw new Error('the OpenOrbit bundle would import a node: module');
  const packages = bundledPackages(Object.keys(result.metafile.inputs));
  const header = [
    '/* eslint-disable */',
    `// @generated by \`npm run build:openorbit\` from ${own.name} ${own.version} (src/main.ts). Do not edit.`,
    `// The LM Studio provider with its runtime dependencies bundled (${packages.map((p) => p.name).join(', ')});`,
    '// their licences are in THIRD-PARTY-NOTICES.md. Declarations: ./lm-studio.d.ts.',
    '',
  ].join('\n');
  return { code: await pretty(header + output.text, 'babel'), packages };
}

function bundledPackages(inputs: string[]): BundledPackage[] {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
    if (match?.[1]) dirs.add(resolve(root, match[1]));
  }
  return [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
      return { name: pkg.name, version: pkg.version, license: pkg.license ?? 'see its package', dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function licenceText(dir: string): string | undefined {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

function notices(own: OwnPackage, packages: BundledPackage[]): string {
  const sections = [{ name: own.name, version: own.version, license: own.license, dir: root }, ...packages].map((p) => {
    const text = licenceText(p.dir) ?? `Licence: ${p.license} (no licence file in the package).`;
    return `## ${p.name} ${p.version} (${p.license})\n\n\`\`\`text\n${text}\n\`\`\`\n`;
  });
  return `# Third-party notices\n\n\`src/main/${BUNDLE_NAME}.js\` contains the following packages.\n\n${sections.join('\n')}`;
}

/** Formats until stable: one pass of prettier is not always idempotent on generated code. */
async function pretty(text: string, parser: string): Promise<string> {
  const options: Options = { ...HOST_PRETTIER, parser };
  let current = text;
  for (let pass = 0; pass < 3; pass++) {
    const next = await format(current, options);
    if (next === current) return next;
    current = next;
  }
  return current;
}
