import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { EncryptionCodec } from '../../platform/codec';
import { testKeyRing } from './keys';
import { decodeAllPayloads } from './payloads';

/**
 * With RECORD_HISTORY_DIR=test/fixtures/histories, keeps the finished case's history as a fixture
 * the replay test runs against every later workflow change. Without it, does nothing. Payloads are
 * decrypted first: the run's keys die with the run, and fixtures hold made-up data only.
 */
export async function keepHistory(client: Client, caseCode: string, fileName: string): Promise<void> {
  const dir = process.env.RECORD_HISTORY_DIR;
  if (!dir) return;
  const history = await client.workflow.getHandle(caseCode).fetchHistory();
  await decodeAllPayloads(history, new EncryptionCodec(testKeyRing()));
  writeFileSync(path.join(dir, fileName), historyToJSON(history));
}
