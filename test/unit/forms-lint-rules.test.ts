import { spawnSync } from 'node:child_process';
import path from 'node:path';

// forms/ sits between domain/ and api/: it may use domain/ and its npm libraries, never the
// database or the API; its builders are pure. ESLint runs as a child process (ESM config).
const root = path.resolve(__dirname, '../..');

function ruleIds(filePath: string, code: string): string[] {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number }[] }[];
  return result!.messages.map((m) => `${m.ruleId}:${m.line}`);
}

describe('lint keeps forms/ between domain/ and api/', () => {
  test('When a PDF renderer imports the database or the API, then lint refuses it; domain/ and pdfkit are fine', () => {
    const code = [
      "import { getCaseDetail } from '../../prisma/cases-read';",
      "import { Problem } from '../../api/problem';",
      "import PDFDocument from 'pdfkit';",
      "import { localDateOf } from '../../domain';",
      'export const used: unknown[] = [getCaseDetail, Problem, PDFDocument, localDateOf];',
    ].join('\n');
    expect(ruleIds('forms/pdf/slips.ts', code)).toEqual(['@typescript-eslint/no-restricted-imports:1', '@typescript-eslint/no-restricted-imports:2']);
  }, 60_000);

  test('When a form builder imports Node, pdfkit or a renderer, then lint refuses each', () => {
    const code = ["import fs from 'node:fs';", "import PDFDocument from 'pdfkit';", "import { table } from '../pdf/table';", "import { addDays } from '../../domain';", 'export const used: unknown[] = [fs, PDFDocument, table, addDays];'].join('\n');
    expect(ruleIds('forms/build/slips.ts', code)).toEqual(['@typescript-eslint/no-restricted-imports:1', '@typescript-eslint/no-restricted-imports:2', '@typescript-eslint/no-restricted-imports:3']);
  }, 60_000);

  test('When the API imports forms/, then lint accepts it', () => {
    expect(ruleIds('api/routes/forms.ts', "import { CASE_FORM_KEYS } from '../../forms';\nexport const keys = CASE_FORM_KEYS;\n")).toEqual([]);
  }, 60_000);
});
