/** How many marks of a kind the post-mortem's strip draws, counting each member of a cluster (its `data-kinds`). */
export function stripMarkCount(html: string, kind: string): number {
  return [...html.matchAll(/data-kinds="([^"]*)"/g)].flatMap((match) => match[1]!.split(' ')).filter((member) => member === kind).length;
}
