import { z } from 'zod';

/** A method the renderer may call: what it does, what it takes, what it answers. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly input: I;
  readonly output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): MethodSpec<I, O> {
  return { summary, input, output };
}

/** Methods without parameters still take an object, so adding an optional one later is not breaking. */
export const noInput = z.object({}).strict();

export const OkResult = z.object({ ok: z.literal(true) });
