import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../platform/project-root';
import { FAILURE_CONVERTER_PATH } from '../platform/temporal';

// The workflow code as one bundle file. Bundling (webpack) inside the worker process costs its
// memory for good (about 165 MiB of RSS measured here); built beforehand (`npm run build:workflows`,
// WORKFLOW_BUNDLE_PATH) or in a child process, the worker loads only the result.

export const DEFAULT_BUNDLE_PATH = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

const quiet = { info() {}, warn() {}, debug() {}, trace() {}, log() {}, error: (message: string) => console.error(message) };

/** Bundles workflows/ into `outFile`. */
export async function buildWorkflowBundle(outFile = DEFAULT_BUNDLE_PATH): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: quiet,
    // The failure converter the data converter names: failures leave the sandbox with their message and stack encoded.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // domain/memo.ts outlives each workflow's own copy of the other modules: schemas are built once per worker.
    preloadModules: [require.resolve('../domain/memo'), require.resolve('../workflows/shared-libraries')],
  });
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, code);
  return outFile;
}

/** Bundles in a child process, so the caller's memory never holds webpack. */
export function buildWorkflowBundleInChild(outFile: string): Promise<string> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, __filename, outFile], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(outFile) : reject(new Error(`bundling the workflows failed (exit ${code})`))));
  });
}

// `npm run build:workflows [-- out.js]`
if (require.main === module) {
  buildWorkflowBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    (file) => console.log(`workflow bundle written to ${file}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
