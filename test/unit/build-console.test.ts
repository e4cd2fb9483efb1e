import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildConsole } from '../../scripts/build-console';

// The API serves console/dist while a developer rebuilds it: a build that fails must leave the
// console as it was, and a build that succeeds replaces it whole.

describe('buildConsole', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lt-console-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('When a build fails, then the console served before is untouched; when one succeeds, it replaces the old one whole and leaves nothing beside it', async () => {
    const outDir = path.join(root, 'dist');
    mkdirSync(outDir);
    // A build killed earlier left its half-built folder (a pid that no longer runs): cleared.
    mkdirSync(path.join(root, 'dist.next-999999999'));
    writeFileSync(path.join(outDir, 'index.html'), 'the console served now');
    const broken = path.join(root, 'broken.tsx');
    writeFileSync(broken, 'export const x = ;\n');
    await expect(buildConsole(outDir, broken)).rejects.toThrow(/Build failed/);
    expect(readdirSync(outDir)).toEqual(['index.html']);
    expect(readdirSync(root).sort()).toEqual(['broken.tsx', 'dist']);

    const built = await buildConsole(outDir);
    expect(readdirSync(outDir).sort()).toEqual(['assets', 'index.html']);
    expect(existsSync(path.join(outDir, 'assets', built.script))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['broken.tsx', 'dist']);
  }, 60_000);
});
