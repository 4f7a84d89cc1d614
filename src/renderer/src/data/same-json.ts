/**
 * Whether two answers of the same method say the same thing: main writes every answer's keys in
 * the same order, so equal text is an equal value. Meant for small values (a status, a roster).
 */
export const sameJson = <T>(a: T, b: T): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);
