/**
 * Finds the view an `open-view` command names: by id, else by label ignoring case and punctuation
 * (the menu says "postmortem", the registry may say "Post-mortem"). Unknown names open nothing.
 */
export function findView<V extends { id: string; label: string }>(views: readonly V[], name: string): V | undefined {
  const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return views.find((view) => view.id === name) ?? views.find((view) => normalize(view.label) === normalize(name) || normalize(view.id) === normalize(name));
}
