import { defaultPayloadConverter } from '@temporalio/common';
import { decodeForOperator } from '../../api/codec-payloads';
import { EncryptionCodec } from '../../platform/codec';
import { generateKeyRing } from '../../platform/key-ring';

const codec = new EncryptionCodec(generateKeyRing('key-a'));
const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

describe('decoding for an operator (the codec server)', () => {
  test('When one decode reveals 300 cases, then every one of their codes is returned for the access log, not the first 200', async () => {
    const codes = Array.from({ length: 300 }, (_, i) => `001.01.01.H26-261207-${String(i + 1).padStart(4, '0')}`);
    const encrypted = await codec.encode(codes.map((caseCode) => defaultPayloadConverter.toPayload({ caseCode, applicant: { fullName: 'Nguyễn Văn A' } })));
    const decoded = decodeForOperator(codec, encrypted.map(toJson));
    expect(decoded.issues).toEqual([]);
    expect(decoded.payloads).toHaveLength(300);
    expect(decoded.caseCodes).toEqual([...codes].sort());
  });
});
