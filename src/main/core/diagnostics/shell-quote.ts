/**
 * POSIX single-quote quoting: inside '…' nothing is special, and a single quote is written as
 * '\'' (close, escaped quote, reopen). The remote login shell therefore sees each argv element as
 * exactly one word, whatever it contains.
 */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  // Plain words stay readable in the journal and the preview.
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellQuoteArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
