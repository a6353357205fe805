// The e-mail body is HTML sanitised by the core (ammonia). It is still shown only inside
// <iframe sandbox=""> (no scripts, forms, popups, same-origin), and this CSP is prepended so that
// even a sanitiser miss cannot load anything: no network, images only as data:. The srcdoc
// document also inherits the window's CSP (no inline styles), so it carries no <style> of its own.
export const EMAIL_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export function emailSrcdoc(sanitisedHtml: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${EMAIL_CSP}">` +
    `<meta name="referrer" content="no-referrer">` +
    `</head><body>${sanitisedHtml}</body></html>`
  );
}
