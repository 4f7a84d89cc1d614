import { children, generalizedTimeIso, OID, oidText, readElement, TAG, type DerElement } from './der';

/** What a trusted timestamp says: which hash it was given, when, and the nonce it answers. */
export interface TimestampInfo {
  hashAlgorithm: string;
  /** Hex. */
  hashedMessage: string;
  genTime: string;
  /** Hex, when the token carries one. */
  nonce: string | null;
}

function expect(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (!element || element.tag !== tag) throw new Error(`the token's ${what} is not where RFC 3161 puts it`);
  return element;
}

/**
 * Reads the TSTInfo out of a TimeStampToken (ContentInfo → SignedData → encapContentInfo). The
 * TSA's signature over it is not checked here; `openssl ts -verify` does that (docs/evidence-format.md).
 */
export function timestampInfo(token: Buffer): TimestampInfo {
  const contentInfo = children(expect(readElement(token), TAG.sequence, 'ContentInfo'));
  if (oidText(expect(contentInfo[0], TAG.oid, 'content type').value) !== OID.signedData) throw new Error('the token is not CMS SignedData');
  const signedData = children(expect(children(expect(contentInfo[1], TAG.context0, 'content'))[0], TAG.sequence, 'SignedData'));
  const encapsulated = children(expect(signedData[2], TAG.sequence, 'encapContentInfo'));
  if (oidText(expect(encapsulated[0], TAG.oid, 'eContentType').value) !== OID.tstInfo) throw new Error('the token does not hold a TSTInfo');
  const eContent = expect(children(expect(encapsulated[1], TAG.context0, 'eContent'))[0], TAG.octetString, 'eContent');
  const tstInfo = children(expect(readElement(eContent.value), TAG.sequence, 'TSTInfo'));
  const imprint = children(expect(tstInfo[2], TAG.sequence, 'messageImprint'));
  const algorithm = children(expect(imprint[0], TAG.sequence, 'hash algorithm'));
  const genTime = expect(tstInfo[4], TAG.generalizedTime, 'genTime');
  const nonce = tstInfo.slice(5).find((field) => field.tag === TAG.integer);
  return {
    hashAlgorithm: oidText(expect(algorithm[0], TAG.oid, 'hash algorithm').value),
    hashedMessage: expect(imprint[1], TAG.octetString, 'hashed message').value.toString('hex'),
    genTime: generalizedTimeIso(genTime.value),
    nonce: nonce ? nonce.value.toString('hex').replace(/^(00)+(?=.)/, '') : null,
  };
}
