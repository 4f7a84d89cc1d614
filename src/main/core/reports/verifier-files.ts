import { createHash } from 'node:crypto';
import verifyCli from '../../../../resources/verifier/verify-cli.mjs?raw';
import verifyCore from '../../../../resources/verifier/verify-core.mjs?raw';
import verifyPageTemplate from '../../../../resources/verifier/verify.html?raw';
import verifyPage from '../../../../resources/verifier/verify-page.mjs?raw';

export const VERIFIER_FILES = { html: 'verify.html', node: 'verify-bundle.mjs' } as const;

const cspHash = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** Fills the template's {{NAME}} slots with text taken literally (no `$&` surprises of String.replace). */
function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (slot, name: string) => slots[name] ?? slot);
}

/**
 * The two verifiers every export folder holds, each one self-contained: verify-bundle.mjs (Node's
 * standard library only) and verify.html (WebCrypto, offline from file://; its CSP allows exactly
 * its own script and style, and no connection). Both run the same standalone code, written apart
 * from the console's (resources/verifier/verify-core.mjs).
 */
export function verifierFiles(): { html: string; node: string } {
  const script = `\n${verifyCore}\n${verifyPage}\n`;
  const style = /<style>([\s\S]*?)<\/style>/.exec(verifyPageTemplate)?.[1] ?? '';
  const html = fill(verifyPageTemplate, { SCRIPT: script, SCRIPT_HASH: cspHash(script), STYLE_HASH: cspHash(style) });
  const node = `#!/usr/bin/env node\n${verifyCore}\n${verifyCli}`;
  return { html, node };
}
