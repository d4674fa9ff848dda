import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest. Each value gets a random 96-bit nonce and records the id of the key
 * that sealed it, so keys can be rotated: the first key seals, every listed key can open.
 * Stored form: `v1:<keyId>:<nonce>:<tag>:<ciphertext>` (base64url parts).
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(keys: Buffer[]) {
    if (keys.length === 0 || keys.some((key) => key.length !== 32)) throw new Error('SecretBox needs 32-byte keys');
    this.keys = new Map(keys.map((key) => [keyIdOf(key), key]));
    this.currentKeyId = keyIdOf(keys[0]!);
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, nonce);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.currentKeyId, nonce, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  open(sealed: string): string {
    const [version, keyId, nonce, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || !keyId || nonce === undefined || tag === undefined || ciphertext === undefined) {
      throw new SecretBoxError('not a sealed secret');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed with key ${keyId}, which HIGHWATER_SECRET_KEY does not provide`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`secret sealed with key ${keyId} failed authentication (tampered or wrong key)`);
    }
  }

  /** True when the value was sealed with an older key and should be sealed again. */
  needsResealing(sealed: string): boolean {
    return sealed.split(':')[1] !== this.currentKeyId;
  }
}

export class SecretBoxError extends Error {}

/** A short public fingerprint of a key: safe to store and log, useless to an attacker. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('highwater-key-id').update(key).digest('hex').slice(0, 12);
}
