import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { CASE_CODE_PATTERN, type FieldIssue } from '../domain';
import { EncryptionCodec, isEncrypted, metadataText } from '../platform/codec';
import { hidePersonalFields } from './personal-data';

// The codec server's payloads in the JSON the Temporal Web UI and CLI send (proto3 JSON of
// temporal.api.common.v1.Payload: metadata values and data in base64), and what a decode does for
// an operator: decrypt, hide the personal fields of JSON payloads, find the case codes it revealed.

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

export const payloadJsonSchema = z
  .looseObject({
    metadata: z.record(z.string(), base64).optional(),
    data: base64.optional(),
  })
  .meta({ id: 'CodecPayload', description: 'A Temporal Payload in proto3 JSON: metadata values and data in base64.' });
export type PayloadJson = z.infer<typeof payloadJsonSchema>;

export const MAX_CODEC_PAYLOADS = 10_000;
export const payloadsBodySchema = z
  .object({ payloads: z.array(payloadJsonSchema).max(MAX_CODEC_PAYLOADS) })
  .meta({ id: 'CodecPayloads', description: 'The Temporal codec server format: `{ "payloads": [ … ] }`.' });

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** Case codes anywhere in a text (CASE_CODE_PATTERN without its anchors). */
const CASE_CODE_IN_TEXT = new RegExp(CASE_CODE_PATTERN.source.replace(/^\^|\$$/g, ''), 'g');

/** A JSON payload with its personal result fields hidden; other payloads as they are. */
function shownToOperator(p: Payload): Payload {
  if (metadataText(p, 'encoding') !== 'json/plain' || !p.data) return p;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(p.data).toString('utf8'));
  } catch {
    return p;
  }
  const shown = JSON.stringify(hidePersonalFields(value));
  return shown === JSON.stringify(value) ? p : { ...p, data: Buffer.from(shown, 'utf8') };
}

export interface OperatorDecode {
  payloads: PayloadJson[];
  /** The case codes the decoded payloads mention (the Web UI sends no workflow id). */
  caseCodes: string[];
  /** Payloads that could not be decoded (unknown key id, altered data), by index. */
  issues: FieldIssue[];
}

/** Decodes for an operator: encrypted payloads decrypted, personal result fields hidden in every JSON payload. */
export function decodeForOperator(codec: EncryptionCodec, input: PayloadJson[]): OperatorDecode {
  const caseCodes = new Set<string>();
  const issues: FieldIssue[] = [];
  const payloads = input.map((json, i) => {
    const payload = fromJson(json);
    let plain: Payload;
    try {
      plain = isEncrypted(payload) ? codec.decrypt(payload) : payload;
    } catch (err) {
      // The codec's messages name the key id only.
      issues.push({ path: `payloads[${i}]`, message: (err as Error).message });
      return json;
    }
    for (const code of Buffer.from(plain.data ?? new Uint8Array()).toString('utf8').match(CASE_CODE_IN_TEXT) ?? []) caseCodes.add(code);
    const shown = shownToOperator(plain);
    // Untouched plaintext goes back exactly as it came (with any field the caller's protocol adds).
    return shown === payload ? json : toJson(shown);
  });
  // Every case the decode revealed is logged: a bulk decode must not read dossiers off the record.
  return { payloads, caseCodes: [...caseCodes].sort(), issues };
}

/** Encodes with the ring's current key (the Web UI and CLI encode what an operator sends to a workflow). */
export async function encodePayloads(codec: EncryptionCodec, input: PayloadJson[]): Promise<PayloadJson[]> {
  return (await codec.encode(input.map(fromJson))).map(toJson);
}
