/** Who did something on the server, as the kill switch shows it: a name, else an email. */
export function personLabel(person: { name: string; email: string } | null): string {
  if (!person) return 'unknown user';
  return person.name ? person.name : person.email;
}
