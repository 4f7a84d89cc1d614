// Deliberately wrong: linted and type-checked as if it lived in src/main/core (no DOM there).
export const title = window.document.title;
