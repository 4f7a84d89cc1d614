/** Codes of the evidence service's refusals. */
export const EvidenceErrorCode = {
  /** A key can only be rotated while this run signs with one. */
  unsigned: 'EVIDENCE_UNSIGNED',
} as const;
