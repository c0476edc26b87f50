import type { ComponentChildren } from 'preact';

/**
 * A data table with column headers, in a box that scrolls sideways on a narrow screen. The box can
 * take keyboard focus (so it can be scrolled without a mouse) and is named, for screen readers, by
 * its column headers.
 */
export function Table({ head, children }: { head: string[]; children: ComponentChildren }) {
  return (
    <ScrollBox label={head.filter(Boolean).join(', ')}>
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
    </ScrollBox>
  );
}

/** The focusable, named box around a table that may be wider than the screen. */
export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
