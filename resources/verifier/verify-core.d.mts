// Types of the standalone verifier's exports, for the console's own TypeScript (scripts, tests).
import type { BundleReport, VerifyOptions } from '../../src/main/core/reports/bundle-report';

export function canonicalJson(value: unknown): string;
export function verifyBundleText(text: string, options?: VerifyOptions): Promise<BundleReport>;
export function describeReport(report: BundleReport): { headline: string; failure: string | null; proven: string[]; notProven: string[] };
export function reportLines(report: BundleReport): string[];
