import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

// A CommonJS package: Node's ESM loader offers it only as a default export.
const { temporal } = proto;

/** The metadata an encrypted payload carries: how to read it, and with which key. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const ENCODING = 'encoding';
const KEY_ID = 'encryption-key-id';

export interface CodecKey {
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `id:base64` pairs, comma-separated, newest first: the first encrypts, every one decrypts. */
export function parseCodecKeys(value: string): CodecKey[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [id, encoded] = pair.split(':');
      const key = Buffer.from(encoded ?? '', 'base64');
      if (!id || !/^[\w.-]{1,40}$/.test(id))
        throw new Error(
          `payload codec key id "${id ?? ''}" must be 1 to 40 letters, digits, dots, dashes or underscores`,
        );
      if (key.length !== 32)
        throw new Error(`payload codec key "${id}" must be 32 bytes, base64-encoded (it is ${key.length})`);
      return { id, key };
    });
}

/** The development key: fixed, so every process of `npm start` agrees; refused in production. */
export const DEVELOPMENT_CODEC_KEYS = `dev-1:${createHash('sha256').update('release-guard development-only payload key').digest('base64')}`;

/**
 * Encrypts every payload Temporal stores (workflow inputs and results, activity arguments, updates,
 * queries, memos, failures' details) with AES-256-GCM, so case data in its database and its Web UI
 * is ciphertext. Each payload names its key, so keys rotate: add a new key first, keep the old ones
 * until no history that needs them is retained. Payloads without the encrypted encoding (histories
 * written before the codec) pass through unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: CodecKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: CodecKey[]) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [ENCODING]: encoder.encode(ENCRYPTED_ENCODING), [KEY_ID]: encoder.encode(this.current.id) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[ENCODING];
      if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.[KEY_ID] ? decoder.decode(payload.metadata[KEY_ID]) : '';
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`no payload codec key "${keyId}": was it removed while histories still need it?`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < 28) throw new Error('an encrypted payload too short to be one');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }

  /** The key that encrypts now. */
  get keyId(): string {
    return this.current.id;
  }
}

/** The codec as the data converter option of a client or a worker. */
export const codecConverter = (codec: PayloadCodec) => ({ payloadCodecs: [codec] });
