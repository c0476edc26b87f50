import type { ComponentChildren } from 'preact';

/** A scrollable data table with column headers; rows are passed as children. */
export function Table({ head, children }: { head: string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
