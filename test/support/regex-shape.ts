/**
 * Reads a JavaScript regex source (the subset the secret patterns use) and reports what the
 * streaming redactor relies on: how many characters a match can read (lookaheads included),
 * how far a lookbehind reaches, and any part outside an assertion that can match a newline.
 */
export interface RegexShape {
  maxLength: number;
  lookbehindMax: number;
  newlineMatches: string[];
}

export function regexShape(source: string): RegexShape {
  let at = 0;
  let assertionDepth = 0;
  const shape: RegexShape = { maxLength: 0, lookbehindMax: 0, newlineMatches: [] };

  const problem = (what: string) => {
    if (assertionDepth === 0) shape.newlineMatches.push(`${what} at ${at}`);
  };

  function alternation(): number {
    let longest = sequence();
    while (source[at] === '|') {
      at += 1;
      longest = Math.max(longest, sequence());
    }
    return longest;
  }

  function sequence(): number {
    let total = 0;
    while (at < source.length && source[at] !== '|' && source[at] !== ')') total += quantified(atom());
    return total;
  }

  function quantified(length: number): number {
    const char = source[at];
    let upper = 1;
    let quantifier = true;
    if (char === '*' || char === '+') {
      at += 1;
      upper = Infinity;
    } else if (char === '?') {
      at += 1;
    } else {
      const bound = char === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at)) : null;
      if (bound) {
        at += bound[0].length;
        upper = bound[2] === undefined ? Number(bound[1]) : bound[3] === '' ? Infinity : Number(bound[3]);
      } else quantifier = false;
    }
    // A lazy quantifier ("{0,512}?") reads as far as a greedy one can.
    if (quantifier && source[at] === '?') at += 1;
    return length === 0 ? 0 : length * upper;
  }

  function atom(): number {
    const char = source[at]!;
    if (char === '(') return group();
    if (char === '[') return charClass();
    if (char === '\\') return escape();
    at += 1;
    if (char === '^' || char === '$') return 0;
    return 1;
  }

  function group(): number {
    at += 1;
    let kind: 'plain' | 'lookahead' | 'lookbehind' = 'plain';
    if (source.startsWith('?:', at)) at += 2;
    else if (source.startsWith('?=', at) || source.startsWith('?!', at)) {
      at += 2;
      kind = 'lookahead';
    } else if (source.startsWith('?<=', at) || source.startsWith('?<!', at)) {
      at += 3;
      kind = 'lookbehind';
    } else if (source.startsWith('?<', at)) at = source.indexOf('>', at) + 1;
    if (kind !== 'plain') assertionDepth += 1;
    const inner = alternation();
    if (kind !== 'plain') assertionDepth -= 1;
    if (source[at] !== ')') throw new Error(`Unclosed group at ${at} in ${source}`);
    at += 1;
    if (kind === 'lookbehind') {
      shape.lookbehindMax = Math.max(shape.lookbehindMax, inner);
      return 0;
    }
    // A lookahead consumes nothing but reads ahead: counted, so maxLength bounds what is read.
    return inner;
  }

  function charClass(): number {
    const start = at;
    at += 1;
    const negated = source[at] === '^';
    let body = '';
    while (at < source.length && source[at] !== ']') {
      if (source[at] === '\\') {
        body += source.slice(at, at + 2);
        at += 2;
      } else {
        body += source[at];
        at += 1;
      }
    }
    at += 1;
    const mentionsNewline = /\\[sn]/.test(body);
    if (negated && !mentionsNewline) problem(`negated class ${source.slice(start, at)} admits a newline`);
    if (!negated && (mentionsNewline || /\\[WD]/.test(body))) problem(`class ${source.slice(start, at)} holds a newline`);
    return 1;
  }

  function escape(): number {
    const letter = source[at + 1]!;
    at += 2;
    if (letter === 'b' || letter === 'B') return 0;
    if (letter === 's' || letter === 'n' || letter === 'W' || letter === 'D') problem(`\\${letter}`);
    return 1;
  }

  shape.maxLength = alternation();
  if (at !== source.length) throw new Error(`Stopped at ${at} in ${source}`);
  return shape;
}
