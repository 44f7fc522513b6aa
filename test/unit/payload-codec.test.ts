import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, parseCodecKeys } from '../../src/infra/payload-codec.ts';

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;
const text = (p: Payload) =>
  Buffer.from(
    JSON.stringify({
      m: Object.values(p.metadata ?? {}).map((v) => Buffer.from(v!).toString()),
      d: Buffer.from(p.data ?? []).toString(),
    }),
  );
const case1 = { vloEmail: 'vic.liaison@probation.test', question: 'Is the remand warrant on file?' };

describe('the AES-GCM payload codec', () => {
  it('encrypts so that nothing of the value is readable, names its key, and decrypts to the same payload', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(key('k1', 1)));
    const [sealed] = await codec.encode([payload(case1)]);
    expect(Buffer.from(sealed!.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    expect(text(sealed!).toString()).not.toContain('vic.liaison');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(case1);
    // A fresh IV each time: the same value never encrypts to the same bytes.
    const [again] = await codec.encode([payload(case1)]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(sealed!.data!))).toBe(false);
  });

  it('rotates: the newest key encrypts, every listed key still decrypts, a removed key is an error', async () => {
    const before = new AesGcmPayloadCodec(parseCodecKeys(key('k1', 1)));
    const after = new AesGcmPayloadCodec(parseCodecKeys(`${key('k2', 2)},${key('k1', 1)}`));
    const [old] = await before.encode([payload(case1)]);
    const [fresh] = await after.encode([payload(case1)]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    expect((await after.decode([old!, fresh!])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      case1,
      case1,
    ]);
    const retired = new AesGcmPayloadCodec(parseCodecKeys(key('k2', 2)));
    await expect(retired.decode([old!])).rejects.toThrow(/no payload codec key "k1"/);
  });

  it('refuses a payload altered in storage, and passes through one written before the codec', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(key('k1', 1)));
    const [sealed] = await codec.encode([payload(case1)]);
    const tampered = Buffer.from(sealed!.data!);
    tampered[20] = tampered[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data: tampered }])).rejects.toThrow();
    const plain = payload({ recorded: 'before encryption' });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('reads keys as id:base64 pairs and names what is wrong with one', () => {
    expect(parseCodecKeys(` ${key('a', 1)} , ${key('b', 2)} `).map((k) => k.id)).toEqual(['a', 'b']);
    expect(() => parseCodecKeys('a:c2hvcnQ=')).toThrow(/"a" must be 32 bytes/);
    expect(() => parseCodecKeys(`:${Buffer.alloc(32).toString('base64')}`)).toThrow(/key id/);
  });
});
