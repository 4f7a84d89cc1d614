// Deliberately wrong: linted as if it lived in src/renderer (secrets stay in main).
import keytar from '@github/keytar';

export const keychain = keytar;
