import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { PROJECT_ROOT } from '../platform/project-root';
import { parseCommandLine, runCommand } from './command-line';
import { isRunning } from './dev-ports';

// The console (console/src, Preact) bundled by esbuild into console/dist: one script and one
// stylesheet with content hashes in their names (served with a long cache), and index.html naming
// them (served with no-store). No CDN, no inline script or style: the API's CSP stays strict.

export const CONSOLE_SOURCE = path.join(PROJECT_ROOT, 'console');
export const CONSOLE_DIST = path.join(CONSOLE_SOURCE, 'dist');

export interface ConsoleBuild {
  outDir: string;
  script: string;
  stylesheet: string;
  ms: number;
}

/**
 * zod re-exports its ~40 message locales as `z.locales`; the console uses the English messages the
 * API sends too, so the other locales (about a third of the bundle) are left out.
 */
const onlyEnglishZodLocale: Plugin = {
  name: 'only-english-zod-locale',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: path.dirname(args.path) }));
  },
};

/**
 * Builds beside `outDir` and swaps the result in only when it is whole: a build that fails or is
 * interrupted leaves the console being served as it was.
 */
export async function buildConsole(outDir = CONSOLE_DIST, entry = path.join(CONSOLE_SOURCE, 'src', 'main.tsx')): Promise<ConsoleBuild> {
  const started = Date.now();
  removeLeftovers(outDir);
  const next = `${outDir}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    const built = await buildInto(next, entry);
    const old = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    try {
      renameSync(next, outDir);
    } catch (err) {
      // Another build swapped its result in meanwhile: keep it; else put the old one back.
      if (!existsSync(outDir) && existsSync(old)) renameSync(old, outDir);
      throw err;
    }
    rmSync(old, { recursive: true, force: true });
    return { outDir, ...built, ms: Date.now() - started };
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

/** What builds of processes that no longer run left beside `outDir` (one killed mid-build). */
function removeLeftovers(outDir: string): void {
  const prefix = `${path.basename(outDir)}.`;
  for (const name of existsSync(path.dirname(outDir)) ? readdirSync(path.dirname(outDir)) : []) {
    const m = name.startsWith(prefix) ? /^(?:next|old)-(\d+)$/.exec(name.slice(prefix.length)) : null;
    if (m && !isRunning(Number(m[1]))) rmSync(path.join(path.dirname(outDir), name), { recursive: true, force: true });
  }
}

async function buildInto(outDir: string, entry: string): Promise<{ script: string; stylesheet: string }> {
  const assets = path.join(outDir, 'assets');
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outdir: assets,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    plugins: [onlyEnglishZodLocale],
    logLevel: 'warning',
    // domain/ (the same zod schemas the API validates with) is pure: nothing of Node reaches the bundle.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const script = outputs.find((f) => /^main-.*\.js$/.test(f));
  const stylesheet = outputs.find((f) => /^main-.*\.css$/.test(f));
  if (!script || !stylesheet) throw new Error(`console build produced no script or stylesheet: ${outputs.join(', ')}`);
  const html = readFileSync(path.join(CONSOLE_SOURCE, 'index.html'), 'utf8').replace('%SCRIPT%', `/console/assets/${script}`).replace('%STYLESHEET%', `/console/assets/${stylesheet}`);
  writeFileSync(path.join(outDir, 'index.html'), html);
  return { script, stylesheet };
}

if (require.main === module) {
  runCommand('build:console', async () => {
    parseCommandLine('build:console', { options: {} }, 'usage: npm run build:console   (console/src → console/dist, swapped in only when the build is whole)');
    const b = await buildConsole();
    console.log(`console built in ${b.ms} ms: ${path.relative(PROJECT_ROOT, b.outDir)} (${b.script}, ${b.stylesheet})`);
  });
}
