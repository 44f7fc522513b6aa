/** One link or gap of GOV.UK's pagination component, as its macro takes it. */
export type PaginationItem = { number: number; href: string; current?: true } | { ellipsis: true };

export interface Pagination {
  previous?: { href: string };
  next?: { href: string };
  items: PaginationItem[];
}

/**
 * GOV.UK pagination for `page` of `pages` at `path`: each link keeps the query's other
 * parameters (the filters), and long runs of pages fold into an ellipsis as the design system
 * shows them (first, last, and the current page's neighbours). Null when there is one page.
 */
export function pagination(
  path: string,
  query: Record<string, string>,
  page: number,
  pages: number,
): Pagination | null {
  if (pages <= 1) return null;
  const href = (n: number) => `${path}?${new URLSearchParams({ ...query, page: String(n) }).toString()}`;
  const items: PaginationItem[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1)
      items.push({ number: n, href: href(n), ...(n === page ? { current: true as const } : {}) });
    else if (!('ellipsis' in (items.at(-1) ?? {}))) items.push({ ellipsis: true });
  }
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
  };
}
