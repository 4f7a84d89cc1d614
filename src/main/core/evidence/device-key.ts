import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A device's Ed25519 key (docs/evidence-format.md): the public key travels as its raw 32 bytes
 * in base64; its fingerprint is sha256 of those bytes in hex, shown short as four groups of four.
 */
export interface DeviceKeyPair {
  privateKey: KeyObject;
  /** Raw 32 bytes, base64. */
  publicKey: string;
  /** sha256 of the raw public key, lowercase hex. */
  fingerprint: string;
}

export function generateDeviceKey(): DeviceKeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  return keyPairOf(privateKey);
}

/** The pair of a private key (as read back from the keychain). */
export function keyPairOf(privateKey: KeyObject): DeviceKeyPair {
  const publicKey = rawPublicKey(createPublicKey(privateKey)).toString('base64');
  return { privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

export function keyFingerprint(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** How a private key is kept in the keychain: PKCS#8 DER, base64. */
export function storedPrivateKey(privateKey: KeyObject): string {
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** The key the keychain held, or undefined when what it held is not an Ed25519 private key. */
export function privateKeyFromStored(stored: string): KeyObject | undefined {
  try {
    const key = createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Ed25519 over the bytes; the signature in base64. */
export function signBytes(privateKey: KeyObject, bytes: Uint8Array): string {
  return sign(null, bytes, privateKey).toString('base64');
}

export function verifySignature(publicKeyBase64: string, bytes: Uint8Array, signatureBase64: string): boolean {
  try {
    return verify(null, bytes, publicKeyFromRaw(publicKeyBase64), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

function publicKeyFromRaw(publicKeyBase64: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyBase64, 'base64').toString('base64url') }, format: 'jwk' });
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}
