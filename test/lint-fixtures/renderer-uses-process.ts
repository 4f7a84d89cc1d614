// Deliberately wrong: linted and type-checked as if it lived in src/renderer (no Node there).
export const home = process.env.HOME;
