import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

const isPayload = (v: unknown): v is Payload =>
  typeof v === 'object' && v !== null && 'metadata' in v && 'data' in v && (v as Payload).data instanceof Uint8Array && typeof (v as Payload).metadata === 'object';

/** Replaces, in place, every encrypted payload of `node` by its plaintext (through the client's codecs). */
async function decryptAll(node: unknown, decode: (p: Payload) => Promise<Payload>): Promise<void> {
  if (typeof node !== 'object' || node === null || node instanceof Uint8Array) return;
  for (const [key, value] of Object.entries(node)) {
    if (isPayload(value)) (node as Record<string, unknown>)[key] = await decode(value);
    else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (isPayload(value[i])) value[i] = await decode(value[i]);
        else await decryptAll(value[i], decode);
      }
    } else await decryptAll(value, decode);
  }
}

/**
 * With RECORD_HISTORY_DIR=test/fixtures/histories, keeps the finished case's history as a fixture
 * the replay test runs against every later workflow change. Its payloads are written decrypted (the
 * test data holds no real person): the replay needs no key, and the run's key is thrown away.
 * Without the variable, does nothing.
 */
export async function keepHistory(client: Client, caseCode: string, fileName: string): Promise<void> {
  const dir = process.env.RECORD_HISTORY_DIR;
  if (!dir) return;
  const history = await client.workflow.getHandle(caseCode).fetchHistory();
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  await decryptAll(history, async (p) => {
    let out = p;
    for (const codec of [...codecs].reverse()) out = (await codec.decode([out]))[0]!;
    return out;
  });
  writeFileSync(path.join(dir, fileName), historyToJSON(history));
}
