import { errorMessage } from '../../../shared/errors';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { children, element, OID, oid, readElement, TAG, unsignedInteger } from './der';
import { timestampInfo } from './timestamp-token';

/** A token and what it says, once its imprint and nonce were checked against the request. */
export interface TrustedTimestamp {
  /** The TimeStampToken, DER, base64. */
  token: string;
  genTime: string;
}

/** Larger than any token (a few kB with the TSA's certificate); a bigger answer is not one. */
const MAX_ANSWER_BYTES = 256 * 1024;
const TIMEOUT_MS = 10_000;

/** RFC 3161 TimeStampReq for a sha256 digest: version 1, the imprint, a nonce, and the TSA's certificate asked for. */
export function timestampRequest(sha256Hex: string, nonce: Buffer): Buffer {
  const algorithm = element(TAG.sequence, oid(OID.sha256), element(TAG.null));
  const imprint = element(TAG.sequence, algorithm, element(TAG.octetString, Buffer.from(sha256Hex, 'hex')));
  return element(TAG.sequence, unsignedInteger(Buffer.from([1])), imprint, unsignedInteger(nonce), element(TAG.boolean, Buffer.from([0xff])));
}

/**
 * Asks a timestamp authority (RFC 3161 over HTTP) to sign "this digest existed by now". The answer
 * is only accepted when it grants a token whose imprint is the digest sent and whose nonce is ours;
 * anything else is an error naming what was wrong, and nothing is kept.
 */
export async function requestTimestamp(url: string, sha256Hex: string): Promise<TrustedTimestamp> {
  const nonce = randomBytes(8);
  nonce[0] = nonce[0]! & 0x7f;
  const agent = new Agent({ connect: { timeout: TIMEOUT_MS }, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: timestampRequest(sha256Hex, nonce),
      dispatcher: agent,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWER_BYTES) throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024} kB, so it is not a timestamp`);
      chunks.push(chunk as Buffer);
    }
    if (response.statusCode !== 200) throw new Error(`the authority answered HTTP ${response.statusCode}`);
    const token = grantedToken(Buffer.concat(chunks));
    const info = timestampInfo(token);
    if (info.hashAlgorithm !== OID.sha256 || info.hashedMessage !== sha256Hex) throw new Error('the token is for another digest than the one sent');
    if (info.nonce !== nonce.toString('hex').replace(/^(00)+(?=.)/, '')) throw new Error('the token does not answer this request (nonce differs)');
    return { token: token.toString('base64'), genTime: info.genTime };
  } finally {
    await agent.close();
  }
}

/** The token of a TimeStampResp that granted one (status 0, or 1: granted with modifications). */
function grantedToken(answer: Buffer): Buffer {
  let parts;
  try {
    const response = readElement(answer);
    if (response.tag !== TAG.sequence || response.bytes.length !== answer.length) throw new Error('not one DER sequence');
    parts = children(response);
  } catch (error) {
    throw new Error(`the answer is not a TimeStampResp (${errorMessage(error)})`);
  }
  const status = parts[0] && children(parts[0])[0];
  const code = status?.tag === TAG.integer ? status.value.readUIntBE(0, Math.min(status.value.length, 4)) : -1;
  if (code !== 0 && code !== 1) throw new Error(`the authority refused to timestamp (PKIStatus ${code})`);
  if (!parts[1]) throw new Error('the authority granted but sent no token');
  return Buffer.from(parts[1].bytes);
}
