import { describe, expect, it } from 'vitest';
import { pagesFor, scrollToRow, virtualWindow } from '../src/lib/virtual';

describe('virtual list window', () => {
  it('renders the visible rows plus overscan at the top', () => {
    expect(virtualWindow(0, 680, 68, 100_000, 5)).toEqual({ start: 0, end: 16, offset: 0, height: 6_800_000 });
  });
  it('follows the scroll position', () => {
    const w = virtualWindow(68 * 50_000 + 10, 680, 68, 100_000, 5);
    expect(w.start).toBe(49_995);
    expect(w.end).toBe(50_016);
    expect(w.offset).toBe(49_995 * 68);
  });
  it('clamps past the end and never goes beyond the total', () => {
    const w = virtualWindow(1e12, 680, 68, 100_000, 5);
    expect(w.end).toBe(100_000);
    expect(w.start).toBeGreaterThan(99_980);
  });
  it('handles an empty list and fewer rows than the viewport', () => {
    expect(virtualWindow(0, 680, 68, 0)).toEqual({ start: 0, end: 0, offset: 0, height: 0 });
    expect(virtualWindow(0, 680, 68, 3)).toMatchObject({ start: 0, end: 3 });
  });
  it('maps rows to pages', () => {
    expect(pagesFor(95, 130, 100)).toEqual([0, 1]);
    expect(pagesFor(0, 0, 100)).toEqual([]);
    expect(pagesFor(200, 201, 100)).toEqual([2]);
  });
  it('scrolls a row into view only when needed', () => {
    expect(scrollToRow(5, 0, 680, 68)).toBeNull();
    expect(scrollToRow(10, 0, 680, 68)).toBe(68);
    expect(scrollToRow(2, 500, 680, 68)).toBe(136);
  });
});
