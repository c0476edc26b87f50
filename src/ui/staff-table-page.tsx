// What the staff list pages share: the admin frame with its heading (a way back to the dashboard,
// a hint or a status line under it), a table with a row per item or a line saying there are none,
// and the one-button forms that act on a row.
import type { ComponentChildren, VNode } from 'preact';
import { CsrfField } from './widgets/forms.tsx';
import { Table } from './widgets/table.tsx';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

/** A link back (a path under the language prefix), by default to the staff dashboard. */
export function BackLink({ ctx, href = '/admin', label }: { ctx: PageContext; href?: string; label?: string }) {
  return (
    <p>
      <a href={`/${ctx.locale}${href}`}>← {label ?? ctx.t('admin.title')}</a>
    </p>
  );
}

export function StaffPage({
  ctx,
  title,
  back,
  hint,
  notice,
  children,
}: {
  ctx: PageContext;
  /** The page's title and its heading. */
  title: string;
  /** A link back to the dashboard above the heading. */
  back?: boolean;
  hint?: string;
  /** What the last action did (e.g. "saved"), announced to screen readers. */
  notice?: string | null;
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title} admin>
      {back ? <BackLink ctx={ctx} /> : null}
      <h1>{title}</h1>
      {hint ? <p class="hint">{hint}</p> : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {children}
    </Layout>
  );
}

/** A table with a row per item; given `empty`, that line instead of a table with no rows. */
export function RowsTable<T>({
  head,
  rows,
  row,
  empty,
}: {
  head: string[];
  rows: readonly T[];
  row: (item: T) => VNode;
  empty?: string;
}) {
  if (!rows.length && empty !== undefined) return <p>{empty}</p>;
  return <Table head={head}>{rows.map((item) => row(item))}</Table>;
}

/** An action on a row: a one-button form posting to `action` (a path under the language prefix). */
export function RowAction({
  ctx,
  action,
  label,
  secondary,
}: {
  ctx: PageContext;
  action: string;
  label: string;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={`/${ctx.locale}${action}`}>
      <CsrfField ctx={ctx} />
      <button class={secondary ? 'button button--small button--secondary' : 'button button--small'} type="submit">
        {label}
      </button>
    </form>
  );
}
