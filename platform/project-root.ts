import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The checkout's root (the folder holding package.json), whether this code runs from its
 * TypeScript source or compiled into dist/: files that are not code (migrations, the workflow
 * bundle) are found from here, not from the running file's folder.
 */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
