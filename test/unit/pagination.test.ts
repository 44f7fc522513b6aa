import { describe, expect, it } from 'vitest';
import { pagination } from '../../src/web/pagination.ts';

describe('GOV.UK pagination for the lists', () => {
  it('is not shown for one page', () => {
    expect(pagination('/queue', {}, 1, 1)).toBeNull();
  });

  it('links previous, next and each page, keeping the filters', () => {
    const p = pagination('/queue', { status: 'ANY', prisonCode: 'MDI' }, 2, 3)!;
    expect(p.previous).toEqual({ href: '/queue?status=ANY&prisonCode=MDI&page=1' });
    expect(p.next).toEqual({ href: '/queue?status=ANY&prisonCode=MDI&page=3' });
    expect(p.items).toEqual([
      { number: 1, href: '/queue?status=ANY&prisonCode=MDI&page=1' },
      { number: 2, href: '/queue?status=ANY&prisonCode=MDI&page=2', current: true },
      { number: 3, href: '/queue?status=ANY&prisonCode=MDI&page=3' },
    ]);
  });

  it('folds long runs into an ellipsis: first, last, and the current page’s neighbours', () => {
    const numbers = (page: number) =>
      pagination('/queue', {}, page, 10)!.items.map((i) => ('ellipsis' in i ? '…' : i.number));
    expect(numbers(1)).toEqual([1, 2, '…', 10]);
    expect(numbers(5)).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(numbers(10)).toEqual([1, '…', 9, 10]);
    expect(pagination('/queue', {}, 1, 10)!.previous).toBeUndefined();
    expect(pagination('/queue', {}, 10, 10)!.next).toBeUndefined();
  });
});
