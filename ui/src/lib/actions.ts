// Svelte actions that set styles through the CSSOM (element.style.setProperty). The CSP has no
// 'unsafe-inline' for styles, and CSSOM writes are allowed where `style="…"` attributes are not.
export function cssVars(node: HTMLElement, vars: Record<string, string>) {
  const apply = (v: Record<string, string>) => {
    for (const [k, val] of Object.entries(v)) node.style.setProperty(k, val);
  };
  apply(vars);
  return { update: apply };
}
