import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The dependency rules are only worth having if lint actually refuses a breach. ESLint runs as a
// child process because its ESM config cannot be loaded inside jest's module sandbox.
const root = path.resolve(__dirname, '../..');

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number }[] }[];
  return result!.messages.map((m) => `${m.ruleId}:${m.line}`);
}

describe('lint enforces the dependency rules', () => {
  test('When workflow code imports a Node built-in, Prisma or activity values, then lint refuses each', async () => {
    const code = [
      "import fs from 'node:fs';",
      "import { PrismaClient } from '../prisma/generated/client';",
      "import { createActivities } from '../activities';",
      "import type { CaseActivities } from '../activities';",
      'export const used: unknown[] = [fs, PrismaClient, createActivities];',
      'export type T = CaseActivities;',
    ].join('\n');
    const ids = await ruleIds('workflows/case-workflow.ts', code);
    expect(ids).toEqual(expect.arrayContaining(['@typescript-eslint/no-restricted-imports:1', '@typescript-eslint/no-restricted-imports:2', '@typescript-eslint/no-restricted-imports:3']));
    expect(ids).not.toContain('@typescript-eslint/no-restricted-imports:4');
  }, 60_000);

  test('When the API imports activities or the worker, then lint refuses it', async () => {
    const code = "import { createActivities } from '../activities';\nimport { createCaseWorker } from '../worker/create-worker';\nexport const x = [createActivities, createCaseWorker];\n";
    expect(await ruleIds('api/app.ts', code)).toEqual(['@typescript-eslint/no-restricted-imports:1', '@typescript-eslint/no-restricted-imports:2']);
  });

  test('When domain code imports I/O or another folder, then lint refuses it', async () => {
    const code = "import { Pool } from 'pg';\nimport { createApp } from '../api/app';\nexport const x = [Pool, createApp];\n";
    expect(await ruleIds('domain/plan.ts', code)).toEqual(['@typescript-eslint/no-restricted-imports:1', '@typescript-eslint/no-restricted-imports:2']);
  });
});
