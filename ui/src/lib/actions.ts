// Svelte actions that set styles through the CSSOM (element.style.setProperty). The CSP has no
// 'unsafe-inline' for styles, and CSSOM writes are allowed where `style="…"` attributes are not.
export function cssVars(node: HTMLElement, vars: Record<string, string>) {
  const apply = (v: Record<string, string>) => {
    for (const [k, val] of Object.entries(v)) node.style.setProperty(k, val);
  };
  apply(vars);
  return { update: apply };
}

// Opens or closes a `<details>` when it first shows `key` (an item, an attachment), and leaves
// it to the user after: an `open={…}` attribute would be set again at every re-render (a
// keystroke in a form inside it, a new view of the same item) and close what the user opened.
export function openFor(node: HTMLDetailsElement, arg: { key: unknown; open: boolean }) {
  let shown = arg.key;
  node.open = arg.open;
  return {
    update(next: { key: unknown; open: boolean }) {
      if (next.key !== shown) {
        shown = next.key;
        node.open = next.open;
      }
    },
  };
}
