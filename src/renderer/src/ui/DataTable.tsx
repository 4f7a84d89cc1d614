import type { ReactNode } from 'react';

/**
 * A table of records: one header row (a column without a title, for a row's buttons, is '') and
 * the rows given. The same markup wherever the console lists things; `className` picks the look.
 */
export function DataTable({ className, label, columns, children }: { className: string; label?: string; columns?: readonly string[]; children: ReactNode }) {
  return (
    <table className={className} aria-label={label}>
      {columns && (
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index}>{column}</th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>{children}</tbody>
    </table>
  );
}
