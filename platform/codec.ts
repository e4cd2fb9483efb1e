import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KeyRing } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;
const text = new TextDecoder();
const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** The metadata entry as text, or undefined. */
export function metadataText(p: Payload, name: string): string | undefined {
  const v = p.metadata?.[name];
  return v ? text.decode(v) : undefined;
}

export const isEncrypted = (p: Payload): boolean => metadataText(p, 'encoding') === ENCRYPTED_ENCODING;

/**
 * AES-256-GCM over the whole serialised Payload (metadata included, so the payload's own encoding
 * is hidden too). Encrypted data is IV (12 random bytes) + ciphertext + tag (16 bytes); the
 * metadata says `binary/encrypted` and which key. New payloads use the ring's current key; old ones
 * decrypt with the key they name. Payloads that are not `binary/encrypted` (histories written
 * before encryption) pass through decoding unchanged.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(ring: KeyRing) {
    this.keys = new Map(Object.entries(ring.keys).map(([id, key]) => [id, Buffer.from(key, 'base64')]));
    const current = this.keys.get(ring.current);
    if (!current || current.length !== 32) throw new RangeError(`key ring: current key ${ring.current} is missing or not 32 bytes`);
    for (const [id, key] of this.keys) if (key.length !== 32) throw new RangeError(`key ring: key ${id} is not 32 bytes`);
    this.currentKeyId = ring.current;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isEncrypted(p) ? this.decrypt(p) : p));
  }

  encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const plain = ProtoPayload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: bytes(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: bytes(this.currentKeyId) }, data };
  }

  decrypt(payload: Payload): Payload {
    // Messages name the key id only: never key material or payload content.
    const keyId = metadataText(payload, KEY_ID_METADATA);
    if (!keyId) throw new Error(`encrypted payload without ${KEY_ID_METADATA}`);
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`unknown encryption key id ${JSON.stringify(keyId)}`);
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`encrypted payload too short (key id ${JSON.stringify(keyId)})`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Error(`encrypted payload failed authentication (key id ${JSON.stringify(keyId)})`);
    }
    return ProtoPayload.decode(plain);
  }
}
