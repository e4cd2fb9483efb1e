import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, metadataText } from '../../platform/codec';
import { failureConverter } from '../../platform/failure-converter';
import { addKey, generateKeyRing, KeyRing, removeKey, useKey } from '../../platform/key-ring';

const CHILD_ID = '001226012345';
const payloadOf = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueOf = (p: Payload): unknown => defaultPayloadConverter.fromPayload(p);
const bytesText = (p: Payload) => Buffer.from(p.data ?? []).toString('latin1') + Object.values(p.metadata ?? {}).map((v) => Buffer.from(v).toString('latin1')).join('');

describe('the payload encryption codec', () => {
  const ringA = generateKeyRing('key-a');
  const codecA = new EncryptionCodec(ringA);
  const result = { stepId: 'birth-registration', result: { personalId: CHILD_ID, registrationNumber: '12/2026' } };

  test('When a payload is encoded, then it is binary/encrypted under the current key id, IV + ciphertext + tag of the serialised Payload, and nothing of it is readable', async () => {
    const original = payloadOf(result);
    const [encoded] = await codecA.encode([original]);
    expect(metadataText(encoded!, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(metadataText(encoded!, KEY_ID_METADATA)).toBe('key-a');
    expect(Object.keys(encoded!.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA]);
    const serialised = temporal.api.common.v1.Payload.encode(original).finish();
    expect(encoded!.data!.length).toBe(12 + serialised.length + 16);
    expect(bytesText(encoded!)).not.toContain(CHILD_ID);
    expect(bytesText(encoded!)).not.toContain('json/plain');
  });

  test('When a payload is encoded then decoded, then the original metadata and data come back', async () => {
    const original = payloadOf(result);
    const [decoded] = await codecA.decode(await codecA.encode([original]));
    expect(valueOf(decoded!)).toEqual(result);
    expect(metadataText(decoded!, 'encoding')).toBe('json/plain');
    expect(Buffer.from(decoded!.data!).equals(Buffer.from(original.data!))).toBe(true);
  });

  test('When the same payload is encoded twice, then the IVs and ciphertexts differ', async () => {
    const [one, two] = await codecA.encode([payloadOf(result), payloadOf(result)]);
    expect(Buffer.from(one!.data!.subarray(0, 12)).equals(Buffer.from(two!.data!.subarray(0, 12)))).toBe(false);
    expect(Buffer.from(one!.data!).equals(Buffer.from(two!.data!))).toBe(false);
  });

  test('When the ring rotates to key B with key A kept, then a payload written under A still decodes and new payloads carry B', async () => {
    const [underA] = await codecA.encode([payloadOf(result)]);
    const ringB = generateKeyRing('key-b');
    const rotated: KeyRing = { current: 'key-b', keys: { ...ringA.keys, ...ringB.keys } };
    const codecAB = new EncryptionCodec(rotated);
    expect(valueOf((await codecAB.decode([underA!]))[0]!)).toEqual(result);
    const [underB] = await codecAB.encode([payloadOf(result)]);
    expect(metadataText(underB!, KEY_ID_METADATA)).toBe('key-b');
    expect(valueOf((await codecAB.decode([underB!]))[0]!)).toEqual(result);
    // B's payloads are not readable with A alone.
    await expect(codecA.decode([underB!])).rejects.toThrow('key-b');
  });

  test('When a ring is rotated in three steps (add B, use B, remove A), then each step encrypts and decrypts as the procedure says', async () => {
    const [underA] = await codecA.encode([payloadOf(result)]);
    const added = addKey(ringA, 'key-b');
    expect(added.current).toBe('key-a');
    expect(Buffer.from(added.keys['key-b']!, 'base64')).toHaveLength(32);
    // Step 1: every process can read B, and still writes A.
    expect(metadataText((await new EncryptionCodec(added).encode([payloadOf(1)]))[0]!, KEY_ID_METADATA)).toBe('key-a');
    // Step 2: new payloads are B; A's still read.
    const used = useKey(added, 'key-b');
    expect(metadataText((await new EncryptionCodec(used).encode([payloadOf(1)]))[0]!, KEY_ID_METADATA)).toBe('key-b');
    expect(valueOf((await new EncryptionCodec(used).decode([underA!]))[0]!)).toEqual(result);
    // Step 3: once nothing needs A, it goes; the current key cannot.
    expect(() => removeKey(used, 'key-b')).toThrow('key key-b is current');
    await expect(new EncryptionCodec(removeKey(used, 'key-a')).decode([underA!])).rejects.toThrow('unknown encryption key id "key-a"');
    expect(() => addKey(used, 'key-a')).toThrow('already in the ring');
  });

  test('When a payload names a key id the ring does not have, then decoding fails with a message naming that key id and nothing else', async () => {
    const [underA] = await codecA.encode([payloadOf(result)]);
    const other = generateKeyRing('key-c');
    const error = await new EncryptionCodec(other).decode([underA!]).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toBe('unknown encryption key id "key-a"');
    expect(`${error?.message}${error?.stack}`).not.toContain(ringA.keys['key-a']);
    expect(`${error?.message}${error?.stack}`).not.toContain(other.keys['key-c']);
    expect(`${error?.message}${error?.stack}`).not.toContain(CHILD_ID);
  });

  test('When encrypted data was altered, then decoding fails authentication and says which key, not what', async () => {
    const [underA] = await codecA.encode([payloadOf(result)]);
    const data = Buffer.from(underA!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codecA.decode([{ ...underA!, data }])).rejects.toThrow('encrypted payload failed authentication (key id "key-a")');
  });

  test('When payloads are not binary/encrypted (histories written before encryption), then decoding passes them through unchanged', async () => {
    const plain = payloadOf(result);
    const empty = payloadOf(undefined);
    const decoded = await codecA.decode([plain, empty]);
    expect(decoded[0]).toBe(plain);
    expect(decoded[1]).toBe(empty);
  });

  test('When the ring is built with a key that is not 32 bytes, then the codec refuses it without printing it', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => new EncryptionCodec({ current: 'k', keys: { k: short } })).toThrow('key ring: current key k is missing or not 32 bytes');
  });
});

describe('the failure converter', () => {
  test('When a workflow refuses with an ApplicationFailure, then its message and stack are moved into encoded attributes and its type stays readable', () => {
    const failure = failureConverter.errorToFailure(ApplicationFailure.create({ type: 'NOT_YOUR_STEP', message: `step of ${CHILD_ID}`, nonRetryable: true }), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(failure.applicationFailureInfo?.type).toBe('NOT_YOUR_STEP');
    expect(JSON.stringify(failure)).not.toContain(CHILD_ID);
    expect(failure.encodedAttributes).toBeDefined();
    const back = failureConverter.failureToError(failure, defaultPayloadConverter) as ApplicationFailure;
    expect(back.message).toBe(`step of ${CHILD_ID}`);
    expect(back.type).toBe('NOT_YOUR_STEP');
  });
});
