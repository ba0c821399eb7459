/**
 * `npm run build:openorbit -- <folder>`: writes (creating or replacing) the folder that replaces an OpenOrbit
 * checkout's `packages/extensions/ext-ai-lm-studio`; `<folder>` may be that very path. See scripts/openorbit/folder.ts
 * for what it contains, and the README ("In OpenOrbit") for the steps around it.
 */
import { parseArgs } from 'node:util';
import { buildOpenOrbitFolder } from './openorbit/folder.js';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const folder = positionals[0];
if (!folder || positionals.length > 1) {
  console.error('usage: npm run build:openorbit -- <folder>   (e.g. ../openorbit/packages/extensions/ext-ai-lm-studio)');
  process.exit(2);
}
try {
  const result = await buildOpenOrbitFolder(folder);
  console.log(`Wrote ${result.folder}:`);
  for (const file of result.files) console.log(`  ${file}`);
  console.log(`Bundled: ${result.bundled.join(', ')}`);
} catch (error) {
  console.error(`build:openorbit failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
