// The packed tarball, as a user installs it: publint and arethetypeswrong (ESM-only profile) are clean, every type
// an exported declaration refers to is itself exported, no shipped file is unreachable from an entry, and the
// declarations type-check on their own (no skipLibCheck).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, declarationImports, resolveDeclaration } from '../../scripts/build.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the unpacked package resolves its dependencies from node_modules as an install would;
// a folder of its own per run, so two runs at once (CI beside a developer's) never delete each other's files.
const cache = join(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const work = mkdtempSync(join(cache, 'ext-ai-lm-studio-pack-'));
const stage = join(work, 'stage');
const pkgDir = join(work, 'package');
let tarball = '';

type Exports = Record<string, { types: string; default: string } | string>;
interface Manifest {
  exports: Exports;
  bin: Record<string, string>;
  files: string[];
}
const manifest = (): Manifest => JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Manifest;
const typedEntries = (m: Manifest) => Object.values(m.exports).flatMap((e) => (typeof e === 'string' ? [] : [e]));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(async () => {
  mkdirSync(stage, { recursive: true });
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) copyFileSync(join(root, file), join(stage, file));
  await buildPackage(join(stage, 'dist'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: stage, encoding: 'utf8' })) as { filename: string }[];
  tarball = join(work, packed[0]?.filename ?? '');
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('ships the licence, the changelog and the readme', () => {
    const names = readdirSync(pkgDir);
    expect(names).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'dist']));
    expect(readFileSync(join(pkgDir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
    expect(readFileSync(join(pkgDir, 'CHANGELOG.md'), 'utf8')).toContain(`## [${version}]`);
  });

  it('publint finds nothing, not even a suggestion', async () => {
    const { messages, pkg } = await publint({ pkgDir, strict: true, pack: false });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  it('arethetypeswrong (ESM-only profile) finds no problem in any entry', () => {
    const cli = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    const run = spawnSync(process.execPath, [cli, tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'json'], { encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { problems?: Record<string, { resolutionKind?: string }[]>; analysis?: { entrypoints?: Record<string, unknown> } };
    // The JSON lists every resolution; the ESM-only profile leaves out CommonJS `require` (node16-cjs) and node10.
    const esmOnly = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind ?? ''));
    expect(esmOnly).toEqual([]);
    expect(Object.keys(report.analysis?.entrypoints ?? {}).sort()).toEqual(['.', './emulator', './main', './openorbit', './package.json', './renderer']);
    expect(run.status).toBe(0);
  }, 120_000);

  it('every shipped file is reachable from an entry (exports or bin), apart from the package documents', () => {
    const m = manifest();
    const reached = new Set<string>();
    const walk = (file: string, edges: (text: string, from: string) => string[]): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of edges(readFileSync(file, 'utf8'), file)) walk(next, edges);
    };
    const jsImports = (text: string, from: string) => [...text.matchAll(/(?:from\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((x) => join(dirname(from), x[1] as string));
    const dtsImports = (text: string, from: string) => declarationImports(text).map((spec) => resolveDeclaration(from, spec));
    for (const entry of typedEntries(m)) {
      walk(join(pkgDir, entry.default), jsImports);
      walk(join(pkgDir, entry.types), dtsImports);
    }
    for (const bin of Object.values(m.bin)) walk(join(pkgDir, bin), jsImports);
    const documents = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);
    const shipped = filesUnder(pkgDir).map((f) => relative(pkgDir, f));
    expect(shipped.filter((f) => !documents.has(f) && !reached.has(join(pkgDir, f)))).toEqual([]);
    expect(shipped).not.toContain('dist/generated/schemas.d.ts');
    expect(shipped.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('the declarations type-check on their own, and every type an exported declaration refers to is exported', () => {
    const m = manifest();
    const entries = typedEntries(m).map((e) => join(pkgDir, e.types));
    const program = ts.createProgram(entries, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.startsWith(pkgDir) ?? true);
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);

    const checker = program.getTypeChecker();
    const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const exported = new Set<ts.Symbol>();
    const exportedNames: string[] = [];
    for (const entry of entries) {
      const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
      for (const s of checker.getExportsOfModule(moduleSymbol as ts.Symbol)) {
        exported.add(resolve(s));
        exportedNames.push(s.name);
      }
    }
    // The names the issue calls out, and the ones users hold.
    expect(exportedNames).toEqual(
      expect.arrayContaining([
        'ChatStream', 'ToolRun', 'JsonChatStream', 'LmStudioErrorInit', 'AIStreamChunk', 'AICompletionRequest', 'AIChatRequest', 'AIToolRequest',
        'AIToolResponse', 'ModelTier', 'Logger', 'ExtensionContext', 'ExtensionMainAPI', 'SettingsReader', 'DiscoveryOptions', 'UsageErrorCode',
        'EmbeddingResult', 'startEmulator', 'EmulatorOptions', 'EmulatorHandle',
      ]),
    );

    const ours = (d: ts.Declaration) => d.getSourceFile().fileName.startsWith(pkgDir);
    const problems = new Set<string>();
    const seen = new Set<ts.Node>();
    const visit = (node: ts.Node, owner: string): void => {
      if (seen.has(node)) return;
      seen.add(node);
      let name: ts.Node | undefined;
      if (ts.isTypeReferenceNode(node)) name = node.typeName;
      else if (ts.isExpressionWithTypeArguments(node)) name = node.expression;
      else if (ts.isTypeQueryNode(node)) name = node.exprName;
      else if (ts.isImportTypeNode(node)) name = node.qualifier;
      if (name) {
        // For `A.B`, the symbol that must be exported is `A`'s (a namespace-like interface is named through it).
        const head = ts.isQualifiedName(name) ? leftmost(name) : ts.isPropertyAccessExpression(name) ? leftmost(name) : name;
        const raw = checker.getSymbolAtLocation(head);
        const symbol = raw ? resolve(raw) : undefined;
        const decls = symbol?.declarations ?? [];
        if (symbol && !(symbol.flags & ts.SymbolFlags.TypeParameter) && decls.length > 0 && decls.every(ours) && !exported.has(symbol)) {
          // A local alias of an exported type (`type Schemas = components['schemas']`) is only a short name: look through it.
          const alias = decls.find(ts.isTypeAliasDeclaration);
          if (alias && isPureAlias(alias.type)) visit(alias.type, owner);
          else problems.add(`${symbol.name} (${relative(pkgDir, decls[0]?.getSourceFile().fileName ?? '')}) is referenced by ${owner} but not exported`);
        }
      }
      ts.forEachChild(node, (child) => {
        // Private members carry no types in declarations; anything else is part of the public shape.
        if (ts.canHaveModifiers(child) && ts.getModifiers(child)?.some((mod) => mod.kind === ts.SyntaxKind.PrivateKeyword)) return;
        visit(child, owner);
      });
    };
    for (const symbol of exported) for (const decl of symbol.declarations ?? []) if (ours(decl)) visit(decl, symbol.name);
    expect([...problems].sort()).toEqual([]);
  }, 240_000);

  it("from CommonJS: import() always works; require() works where Node can require ES modules, else ERR_REQUIRE_ESM (the README's claim)", () => {
    const script = join(work, 'from-cjs.cjs');
    writeFileSync(
      script,
      `let required;
try { required = typeof require(process.argv[2]).createLmStudioClient; } catch (error) { required = error.code; }
import(require('node:url').pathToFileURL(process.argv[2]).href).then((m) => console.log(JSON.stringify({ required, imported: typeof m.createLmStudioClient })));
`,
    );
    const entry = join(pkgDir, (manifest().exports['.'] as { default: string }).default);
    const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, script, entry], { encoding: 'utf8' })) as { required: string; imported: string };
    const canRequireEsm = (process.features as { require_module?: boolean }).require_module === true;
    expect(run([])).toEqual({ required: canRequireEsm ? 'function' : 'ERR_REQUIRE_ESM', imported: 'function' });
    if (canRequireEsm) expect(run(['--no-experimental-require-module'])).toEqual({ required: 'ERR_REQUIRE_ESM', imported: 'function' });
  }, 60_000);

  it('imports as ESM from Node, each entry exposing its main export', async () => {
    const m = manifest();
    const load = (subpath: string) => import(pathToFileURL(join(pkgDir, (m.exports[subpath] as { default: string }).default)).href) as Promise<Record<string, unknown>>;
    expect(typeof (await load('.')).createLmStudioClient).toBe('function');
    expect(typeof (await load('./openorbit')).LmStudioProvider).toBe('function');
    expect(typeof (await load('./emulator')).startEmulator).toBe('function');
    expect(typeof ((await load('./main')).default as { activate: unknown }).activate).toBe('function');
  }, 60_000);
});

function leftmost(name: ts.EntityName | ts.Expression): ts.Node {
  let node: ts.Node = name;
  while (ts.isQualifiedName(node) || ts.isPropertyAccessExpression(node)) node = ts.isQualifiedName(node) ? node.left : node.expression;
  return node;
}

/** An alias that only names or indexes other types (no object literal of its own). */
function isPureAlias(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) || (ts.isIndexedAccessTypeNode(type) && (ts.isTypeReferenceNode(type.objectType) || ts.isIndexedAccessTypeNode(type.objectType)));
}
