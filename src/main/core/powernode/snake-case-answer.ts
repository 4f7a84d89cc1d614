import { z } from 'zod';

/** "cancelledExecutions" → "cancelled_executions": how Powernode (Rails) spells a field. */
const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * Parses an object as the server spells it (snake_case) with the rules of the console's own
 * camelCase `schema`, and answers it in the console's spelling. The fields are written once, in
 * `schema`; a malformed answer is still reported under the server's field name.
 */
export function snakeCaseAnswer<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const names = Object.keys(schema.shape).map((name) => [name, snakeCase(name)] as const);
  const wire = z.object(Object.fromEntries(names.map(([name, wireName]) => [wireName, schema.shape[name]!])));
  const rename = (answer: Record<string, unknown>) =>
    Object.fromEntries(names.filter(([, wireName]) => answer[wireName] !== undefined).map(([name, wireName]) => [name, answer[wireName]]));
  return wire.transform(rename).pipe(schema);
}
