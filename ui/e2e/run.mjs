// Browser tests of the built UI (dist/) in Debian's Chromium via playwright-core. The Tauri IPC
// is mocked at the boundary by e2e/fake-backend.ts (bundled with esbuild, injected before the
// page loads); everything else is the real UI. The static server sends the app's CSP, and any
// CSP violation, page error or serious axe finding fails the run. Screenshots of every screen go
// to test-output/screenshots/ (1366×768).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(root, 'test-output');
const shots = join(out, 'screenshots');
const fakeBundle = join(out, 'fake-backend.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The CSP the Tauri window gets (script-src 'self', no inline styles); the UI must work under it.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ttf': 'font/ttf' };

let server;
let baseUrl;
let browser;

before(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  await mkdir(shots, { recursive: true });
  await build({
    entryPoints: [join(root, 'e2e', 'fake-backend.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    outfile: fakeBundle,
    logLevel: 'error',
  });
  server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      if (path === '/' || path === '') path = '/index.html';
      const file = join(dist, path);
      if (!file.startsWith(dist) || !(await stat(file).catch(() => null))?.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'cache-control': 'no-store',
      });
      res.end(await readFile(file));
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

const tid = (id) => `[data-testid="${id}"]`;

/** A fresh page on the app with the fake backend configured by `config`. */
async function open(config = {}, { clock = false, viewport = { width: 1366, height: 768 } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  await page.addInitScript((c) => {
    window.__INKOM_FAKE__ = c;
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__CSP_VIOLATIONS__ ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  }, config);
  await page.addInitScript({ path: fakeBundle });
  if (clock) await page.clock.install();
  await page.goto(baseUrl);
  const done = async () => {
    const csp = await page.evaluate(() => window.__CSP_VIOLATIONS__ ?? []).catch(() => []);
    await context.close();
    assert.deepEqual([...problems, ...csp.map((v) => `CSP: ${v}`)], [], 'no page errors or CSP violations');
  };
  return { page, done };
}

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

let axeSource;
/** axe-core in the page; fails on serious or critical violations. */
async function axe(page, label) {
  axeSource ??= await readFile(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  assert.deepEqual(found, [], `axe (${label})`);
}

/** Opens item 1, chooses personakt with key 1 and types the name and the number, keys only. */
async function typePersonakt(page, name, personnummer) {
  await page.locator(`${tid('inbox-row')}[data-item-id="1"]`).click();
  await page.locator(tid('item-view')).waitFor();
  await page.keyboard.press('1');
  await page.waitForFunction(() => document.activeElement?.id === 'client-name');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(personnummer);
}

async function stateOf(page) {
  return await page.locator(tid('item-state')).getAttribute('data-state');
}

async function waitState(page, state) {
  await page.waitForFunction(
    ([sel, s]) => document.querySelector(sel)?.getAttribute('data-state') === s,
    [tid('item-state'), state],
    { timeout: 5000 },
  );
}

/** Every visible text of the page: no raw state code, no command to type, no doubled punctuation. */
async function assertReadable(page, label) {
  const text = await page.evaluate(() => document.body.innerText);
  for (const code of ['imported', 'classified', 'registered', 'printed', 'source_deleted', 'purged', 'culled']) {
    assert.ok(!new RegExp(`\\b${code}\\b`).test(text), `${label}: raw state code ${code}`);
  }
  assert.ok(!/inkom (settings|import|classify) /.test(text) && !text.includes('`'), `${label}: no command line in the UI`);
  assert.ok(!/[.!?]\.|\.\s*\./.test(text.replace(/…|\.\.\./g, '')), `${label}: doubled punctuation`);
}

test('main flow: import → picker → classify personakt by keyboard → register → printed → delete source → kept', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await shot(page, '01-inbox');
  await axe(page, 'inbox');

  // Import with the conversation picker: only the unknown number's thread.
  await page.locator(tid('nav-import')).click();
  await page.locator(tid('import-choose')).click();
  const threads = page.locator(tid('import-thread'));
  await threads.first().waitFor();
  assert.equal(await threads.count(), 3);
  await page.locator(`${tid('import-thread')}[data-key="+46701740617"] input`).uncheck();
  await page.locator(`${tid('import-thread')}[data-key="+46701740648,+46701740655"] input`).uncheck();
  assert.equal(await page.locator(tid('import-ocr')).isChecked(), true, 'OCR on by default where Tesseract reads Swedish');
  await shot(page, '02-import-picker');
  await axe(page, 'import picker');
  await page.locator(tid('import-start')).click();
  await page.locator(tid('import-summary')).waitFor();
  const summary = await page.locator(tid('import-summary')).textContent();
  assert.match(summary, /Importerade: 1/);
  assert.match(summary, /Avvisade: 1/);
  assert.match(summary, /Word-dokument/);
  await shot(page, '03-import-summary');
  const importCall = await page.evaluate(() => window.__INKOM_CALLS__.find((c) => c.cmd === 'import'));
  assert.deepEqual(importCall.args.selection.threads, ['+46701740648']);
  await page.locator(tid('import-done')).click();

  // The new conversation is the newest row; open it with the keyboard.
  const first = page.locator(tid('inbox-row')).first();
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('070') || document.querySelector(sel)?.textContent?.includes('+4670174064'), tid('inbox-row'));
  await page.locator(tid('inbox')).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await page.locator(tid('item-view')).waitFor();
  const newId = await first.getAttribute('data-item-id');
  assert.equal(await page.locator(tid('item-view')).getAttribute('data-item-id'), newId);
  assert.equal(await stateOf(page), 'imported');
  assert.equal(await page.locator(`${tid('sms-thread')} li`).count(), 5);
  await shot(page, '04-item-sms');
  assert.equal(await page.locator(tid('delete-source')).count(), 0, 'no delete before classification');

  // Classify with keys only: 1, type the fields, Enter.
  await page.keyboard.press('1');
  await page.waitForFunction(() => document.activeElement?.id === 'client-name');
  await page.keyboard.type('Elsa Lind');
  await page.keyboard.press('Tab');
  await page.keyboard.type('20121212-1212');
  await page.locator(tid('personnummer-message')).filter({ hasText: 'Giltigt' }).waitFor();
  await shot(page, '05-classify-personakt');
  await page.keyboard.press('Enter');
  await waitState(page, 'classified');
  assert.match(await page.locator(tid('classification')).textContent(), /Elsa Lind, 20121212-1212/);
  assert.ok(await page.locator(tid('delete-source')).isDisabled(), 'delete disabled before registration');

  // Undo, then classify again (undo is possible until registration).
  await page.locator(tid('unclassify')).click();
  await waitState(page, 'imported');
  await page.locator(tid('classify-personakt')).click();
  await page.locator(tid('client-name')).fill('Elsa Lind');
  await page.locator(tid('client-personnummer')).fill('201212121212');
  await page.locator(tid('classify-save')).click();
  await waitState(page, 'classified');

  await page.locator(tid('register')).click();
  await waitState(page, 'registered');
  await page.locator(`${tid('pdf-preview')} img`).waitFor();
  assert.equal(await page.locator(tid('unclassify')).count(), 0, 'no undo after registration');
  assert.ok(await page.locator(tid('delete-source')).isDisabled(), 'delete disabled before print');
  await shot(page, '06-registered-preview');
  await page.locator(tid('print-pdf')).click();
  await page.locator(tid('confirm-printed')).click();
  await waitState(page, 'printed');

  // Personakt: the source stays until the printout is confirmed filed in the akt.
  assert.ok(await page.locator(tid('delete-source')).isDisabled(), 'delete disabled before filing');
  assert.match(await page.locator(tid('delete-hint')).textContent(), /personakten/);
  await page.locator(tid('confirm-filed')).click();
  await page.locator(tid('filed')).waitFor();

  await page.locator(tid('delete-source')).click();
  await page.locator(tid('delete-instruction')).waitFor();
  assert.equal(
    (await page.locator(tid('delete-instruction')).textContent()).trim(),
    'Radera sms-tråden med 070-174 06 48 i tjänstetelefonen',
  );
  await shot(page, '07-delete-dialog');
  await axe(page, 'delete dialog');
  await page.locator(tid('delete-confirm')).click();
  await page.locator(tid('kept-after-purge')).waitFor();
  await waitState(page, 'purged');
  assert.match(await page.locator(tid('kept-after-purge')).textContent(), /Beteckning: INK-2026-/);
  await shot(page, '08-kept-after-purge');

  const cmds = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  for (const c of ['import_preview', 'import', 'classify', 'unclassify', 'register', 'pdf_page', 'print_pdf', 'confirm_printed', 'confirm_filed', 'confirm_source_deleted']) {
    assert.ok(cmds.includes(c), `called ${c}`);
  }
  await done();
});

test('the core refuses a batch with an unclassified item: the Swedish message is shown as an alert', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('inbox')).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  assert.equal(await page.locator(`${tid('inbox-row')}[aria-selected="true"]`).count(), 1);
  await page.locator(tid('batch-register')).click();
  const err = page.locator(`[role="alert"] ${tid('error')}`);
  await err.waitFor();
  assert.match(await err.textContent(), /klassificera den först/);
  assert.equal(await err.getAttribute('data-code'), 'not_classified');
  await shot(page, '09-error');

  // A core message written for the command line is replaced by where the setting is in the app.
  await page.evaluate(() => (window.__INKOM_FAIL_NEXT__ = { cmd: 'assign_dnr', code: 'no_diary_series', message: 'Ingen diarieserie är inställd. Ange prefix med `inkom settings set diary_prefix SN`.' }));
  await page.locator(tid('nav-registrar')).click();
  await page.locator(tid('registrar-list-row')).first().locator('input').check();
  await page.locator(tid('assign-dnr')).click();
  await page.locator(tid('error')).filter({ hasText: 'under Inställningar → Diarieserie (prefix)' }).waitFor();
  assert.doesNotMatch(await page.locator(tid('error')).textContent(), /inkom settings|`/);
  await page.locator(tid('nav-inbox')).click();

  // A direct refusal at the boundary: deleting the source before it is printed.
  const r = await page.evaluate(() =>
    window.__TAURI_INTERNALS__.invoke('confirm_source_deleted', { id: 1, delete_file: false }).then(
      () => null,
      (e) => e,
    ),
  );
  assert.equal(r.code, 'not_printed');
  assert.match(r.message, /utskriven/);
  await done();
});

test('invalid personnummer is refused with a clear message and nothing is stored', async () => {
  const { page, done } = await open();
  await typePersonakt(page, 'Amira Haddad', '19121212-1213');
  await page.keyboard.press('Enter');
  const msg = page.locator(tid('personnummer-message'));
  await msg.filter({ hasText: 'Kontrollsiffran' }).waitFor();
  assert.equal(await page.locator(tid('client-personnummer')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'client-personnummer');
  assert.equal(await stateOf(page), 'imported');
  const cmds = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(!cmds.includes('classify'), 'classify never sent');
  await shot(page, '10-invalid-personnummer');

  // The client register fills a valid number.
  await page.locator(tid('client-name')).fill('');
  await page.locator(tid('client-name')).pressSequentially('Amir');
  await page.locator('#client-suggestions li').first().waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await msg.filter({ hasText: 'Giltigt: 19121212-1212' }).waitFor();
  await done();
});

test('a client the register lacks is offered for adding; a known number shows its name', async () => {
  const { page, done } = await open();
  // A number the register holds: its name is shown, nothing offered.
  await typePersonakt(page, 'Amira Haddad', '19121212-1212');
  await page.locator(tid('registered-client')).filter({ hasText: 'Amira Haddad' }).waitFor();
  assert.equal(await page.locator(tid('add-client')).count(), 0);
  // A new client: offered, unticked; ticked by keyboard (Tab, Space), then saved.
  await page.locator(tid('client-name')).fill('Nora Berg');
  await page.locator(tid('client-personnummer')).fill('198112189876');
  await page.locator(tid('add-client')).waitFor();
  assert.equal(await page.locator(tid('registered-client')).count(), 0);
  assert.equal(await page.locator(tid('add-client')).isChecked(), false, 'an offer, not a default');
  await page.locator(tid('client-personnummer')).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'add-client');
  await page.keyboard.press('Space');
  assert.equal(await page.locator(tid('add-client')).isChecked(), true);
  await shot(page, '10b-add-client-offer');
  await page.locator(tid('classify-save')).click();
  await waitState(page, 'classified');
  const sent = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'classify').map((c) => c.args));
  assert.equal(sent.at(-1).classification.add_to_register, true);
  const found = await page.evaluate(() => window.__TAURI_INTERNALS__.invoke('clients', { text: 'Nora' }));
  assert.deepEqual(found.map((c) => c.personnummer), ['19811218-9876']);
  await done();
});

test('e-mail with suggestion: sandboxed body, highlighted words; diarium with ärendemening warnings', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('search')).fill('orosanmalan');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid('inbox-row'));
  await page.locator(tid('inbox-row')).first().click();
  await page.locator(tid('suggestion')).waitFor();
  const marks = await page.locator(`${tid('suggestion')} mark`).allTextContents();
  assert.equal(marks[0], 'orosanmälan', 'a reason highlights its own words');
  assert.ok(marks.includes('orosanmälan') && marks.includes('hungrig'), `marks: ${marks}`);
  const frame = page.locator(tid('email-html'));
  assert.equal(await frame.getAttribute('sandbox'), '');
  assert.match(await frame.getAttribute('srcdoc'), /Content-Security-Policy" content="default-src 'none'; img-src data:/);
  await shot(page, '11-item-email-suggestion');
  await axe(page, 'item view');

  await page.locator(tid('item-view')).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.activeElement?.id === 'arendemening');
  await page.keyboard.type('Orosanmälan gällande Elsa');
  await page.locator(tid('arendemening-warnings')).waitFor();
  assert.ok(await page.locator(tid('secrecy-set')).isChecked(), 'secrecy suggested');
  await shot(page, '12-classify-diarium');
  await page.locator(tid('arendemening')).fill('Orosanmälan, barn');
  await page.locator(tid('arendemening')).press('Enter');
  await waitState(page, 'classified');
  const call = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'classify').pop());
  assert.equal(call.args.classification.secrecy, '26 kap. 1 § OSL');
  assert.equal(call.args.classification.sender_secret, true);
  assert.match(await page.locator(tid('classification')).textContent(), /26 kap\. 1 § OSL/);
  assert.equal(call.args.classification.description, 'Orosanmälan, barn');
  await done();
});

test('a film no paper holds: the source goes only once the caseworker confirms it is kept apart', async () => {
  const { page, done } = await open({ film: true });
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('search')).fill('orosanmalan');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid('inbox-row'));
  await page.locator(tid('inbox-row')).first().click();
  await page.locator(tid('item-view')).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.activeElement?.id === 'arendemening');
  await page.keyboard.type('Orosanmälan, barn');
  await page.keyboard.press('Enter');
  await waitState(page, 'classified');
  await page.locator(tid('register')).click();
  await waitState(page, 'registered');
  // Said as the sheet is printed, so the film is saved then.
  await page.locator(tid('register-off-paper')).waitFor();
  assert.match(await page.locator(tid('register-off-paper')).textContent(), /rastgarden\.mp4 \(en film\)/);
  await page.locator(tid('register-off-paper')).scrollIntoViewIfNeeded();
  await shot(page, '27-register-off-paper');
  await axe(page, 'register panel, off paper');
  await page.locator(tid('print-pdf')).click();
  await page.locator(tid('confirm-printed')).click();
  await waitState(page, 'printed');
  await page.locator(tid('set-dnr')).fill('SN 2026/0042');
  await page.locator(tid('set-dnr')).press('Enter');
  await page.waitForFunction((sel) => !document.querySelector(sel)?.disabled, tid('delete-source'));
  await page.locator(tid('delete-source')).click();
  await page.locator(tid('delete-instruction')).waitFor();
  // Said before the caseworker confirms: what the printout does not hold.
  await page.locator(tid('delete-off-paper')).waitFor();
  assert.match(await page.locator(tid('delete-off-paper')).textContent(), /rastgarden\.mp4 \(en film\)/);
  assert.equal(await page.locator(tid('delete-ack-off-paper')).isChecked(), false);
  // Confirmed without the box: the core refuses and nothing changes.
  await page.locator(tid('delete-confirm')).click();
  const err = page.locator(`[role="alert"] ${tid('error')}`);
  await err.waitFor();
  assert.equal(await err.getAttribute('data-code'), 'attachments_off_paper');
  assert.match(await err.textContent(), /rastgarden\.mp4 \(en film\)/);
  assert.match(await err.textContent(), /ingenting ändrades/);
  await waitState(page, 'printed');
  // Keyboard only: the box, then the button.
  await page.locator(tid('delete-ack-off-paper')).focus();
  await page.keyboard.press('Space');
  assert.ok(await page.locator(tid('delete-ack-off-paper')).isChecked());
  await shot(page, '26-delete-off-paper');
  await axe(page, 'delete dialog, off paper');
  await page.locator(tid('delete-confirm')).focus();
  await page.keyboard.press('Enter');
  await waitState(page, 'purged');
  const call = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'confirm_source_deleted').pop());
  assert.equal(call.args.ack_off_paper, true);
  await done();
});

test('a mixed message: each line takes its direction from its own first letter', async () => {
  const { page, done } = await open({ multilingual: true });
  await page.locator(tid('inbox-row')).filter({ hasText: 'leila.haddad@example.se' }).click();
  const text = page.locator(tid('email-text'));
  await text.waitFor();
  assert.equal(await text.getAttribute('dir'), 'auto');
  // Where each line's text lies within the box (first and last line box of its range).
  const lines = await text.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const nodes = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const at = (offset) => {
      for (const n of nodes) {
        if (offset <= n.data.length) return [n, offset];
        offset -= n.data.length;
      }
      const last = nodes[nodes.length - 1];
      return [last, last.data.length];
    };
    const all = nodes.map((n) => n.data).join('');
    let start = 0;
    return all.split('\n').map((line) => {
      const range = document.createRange();
      range.setStart(...at(start));
      range.setEnd(...at(start + line.length));
      start += line.length + 1;
      const r = range.getBoundingClientRect();
      return { line: line.slice(0, 12), left: r.left - box.left, right: box.right - r.right };
    });
  });
  assert.equal(lines.length, 4, JSON.stringify(lines));
  const [arabic, swedish, hebrew] = lines;
  // Right to left against the right edge; Swedish against the left edge (padding aside).
  assert.ok(arabic.right < 30 && arabic.left > 60, `Arabic right-aligned: ${JSON.stringify(arabic)}`);
  assert.ok(swedish.left < 30 && swedish.right > 60, `Swedish left-aligned: ${JSON.stringify(swedish)}`);
  assert.ok(hebrew.right < 30 && hebrew.left > 60, `Hebrew right-aligned: ${JSON.stringify(hebrew)}`);
  // The phone number inside the Arabic line reads as written: 070-174 first, 11 last.
  const number = text.locator('bdi[dir="ltr"]').first();
  assert.equal(await number.textContent(), '070-174 06 11');
  const order = await number.evaluate((el) => {
    const node = el.firstChild;
    const rect = (from, to) => {
      const r = document.createRange();
      r.setStart(node, from);
      r.setEnd(node, to);
      return r.getBoundingClientRect();
    };
    return { first: rect(0, 3).left, last: rect(11, 13).left };
  });
  assert.ok(order.first < order.last, `left to right: ${JSON.stringify(order)}`);
  await shot(page, '11b-mixed-directions');
  await done();
});

test('a message in a script the desktop has no font for is drawn with the printout\'s font', async () => {
  const { page, done } = await open({ scripts: true });
  await page.locator(tid('inbox-row')).filter({ hasText: 'Selam Tesfay' }).click();
  await page.locator(tid('item-view')).waitFor();
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, ''));
  });
  // Debian's fonts have no Ethiopic (Tigrinya showed as boxes): the printout's font draws it.
  // Armenian, Georgian and Thai take the system's font where it has one (DejaVu Sans has the
  // first two), so they are not asserted here.
  assert.ok(loaded.includes('inkom Ethiopic'), `Ethiopic drawn: ${JSON.stringify(loaded)}`);
  // Only what is shown is loaded: no Devanagari in this message.
  assert.ok(!loaded.includes('inkom Devanagari'), JSON.stringify(loaded));
  await shot(page, '11c-scripts-without-system-font');
  await done();
});

test('a sheet that could not draw every character keeps the source until registered again', async () => {
  const { page, done } = await open({ multilingual: true, missing_cjk_font: true });
  await page.locator(tid('inbox-row')).filter({ hasText: 'leila.haddad@example.se' }).click();
  await page.locator(tid('item-view')).waitFor();
  await page.locator(tid('classify-personakt')).click();
  await page.locator(tid('client-name')).fill('Leila Haddad');
  await page.locator(tid('client-personnummer')).fill('198112189876');
  await page.locator(tid('personnummer-message')).filter({ hasText: 'Giltigt' }).waitFor();
  await page.locator(tid('classify-save')).click();
  await waitState(page, 'classified');
  await page.locator(tid('register')).click();
  await waitState(page, 'registered');
  const warning = page.locator(tid('unprintable'));
  assert.match(await warning.textContent(), /3 tecken kunde inte återges i utskriften \(kinesiska tecken \(han\)\)/);
  await page.locator(tid('confirm-printed')).click();
  await waitState(page, 'printed');
  await page.locator(tid('confirm-filed')).click();
  await page.locator(tid('filed')).waitFor();
  // Printed and filed, yet the source stays: the copy is not faithful.
  assert.ok(await page.locator(tid('delete-source')).isDisabled());
  assert.match(await page.locator(tid('delete-hint')).textContent(), /saknar 3 tecken.*Registrera om/);
  await shot(page, '11c-unprintable');
  // A font is installed; the caseworker registers again by keyboard and prints the new sheet.
  await page.locator(tid('reregister')).focus();
  await page.keyboard.press('Enter');
  await waitState(page, 'registered');
  await page.locator(tid('notice')).filter({ hasText: 'Utskriften är nu fullständig' }).waitFor();
  assert.equal(await page.locator(tid('unprintable')).count(), 0);
  const id = Number(await page.locator(tid('item-view')).getAttribute('data-item-id'));
  const sent = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'reregister').map((c) => c.args));
  assert.deepEqual(sent, [{ id }]);
  await done();
});

test('screenshot item: image preview and zoom', async () => {
  const { page, done } = await open();
  await page.locator(tid('filter-state')).selectOption('imported');
  await page.locator(`${tid('inbox-row')}[data-item-id="3"]`).click();
  await page.locator(tid('item-view')).waitFor();
  assert.match(await page.locator('.item .head .meta').textContent(), /Skärmdump/);
  // A picture has no sender: the row and the header say what it is, not "Okänd avsändare".
  const row = page.locator(`${tid('inbox-row')}[data-item-id="3"]`);
  assert.match(await row.locator('.who').textContent(), /^Skärmdump$/);
  assert.match(await page.locator('.item .head h2').textContent(), /Skärmdump/);
  assert.match(await page.locator(tid('item-view')).textContent(), /https:\/\/www\.example\.com\/blogg/);
  await page.locator('.frame img').waitFor();
  await page.getByRole('button', { name: 'Zooma in' }).click();
  await page.getByRole('button', { name: 'Zooma in' }).click();
  await page.locator('text=150 %').waitFor();
  await shot(page, '13-item-screenshot-zoom');
  await done();
});

test('ringa betydelse: select, cull under the decision, log, list', async () => {
  const { page, done } = await open();
  await page.locator(tid('nav-ringa')).click();
  const rows = page.locator(tid('ringa-list-row'));
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  // The register's default decision is chosen already (guard rail 8).
  assert.equal(await page.locator(tid('cull-decision')).inputValue(), 'SN 2025/0117 § 9');
  assert.ok(await page.locator(tid('cull')).isDisabled());
  await rows.nth(0).locator('input').check();
  await rows.nth(1).locator('input').check();
  // Culling cannot be undone: it asks once, naming both items. Esc cancels without culling.
  await page.locator(tid('cull')).click();
  await page.locator(`${tid('cull-confirm')}[open]`).waitFor();
  assert.equal(await page.locator(`${tid('cull-confirm-items')} li`).count(), 2);
  assert.match(await page.locator(tid('cull-confirm-consequence')).textContent(), /kan inte ångras/);
  assert.match(await page.locator(tid('cull-confirm')).textContent(), /Gallra 2 handlingar\?/);
  await axe(page, 'cull confirmation');
  await shot(page, '14a-cull-confirm');
  await page.keyboard.press('Escape');
  await page.waitForFunction((sel) => !document.querySelector(`${sel}[open]`), tid('cull-confirm'));
  let calls = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'cull').length);
  assert.equal(calls, 0, 'Esc culls nothing');
  assert.equal(await rows.count(), 3);
  await page.locator(tid('cull')).click();
  await page.locator(tid('cull-confirm-confirm')).click();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid('ringa-list-row'));
  assert.equal(await page.locator(`${tid('cull-log')} tbody tr`).count(), 2);
  assert.match(await page.locator(tid('cull-log')).textContent(), /Gallringsbeslut: Socialnämnden 2025-11-20, SN 2025\/0117 § 9/);
  assert.match(await page.locator(tid('notice')).textContent(), /^2 handlingar gallrade\.$/);
  assert.doesNotMatch(await page.locator(tid('cull-log')).textContent(), /decision|received_at|channel/);
  await page.locator(tid('ringa-list-make')).click();
  await page.locator(`${tid('ringa-list-preview')} img`).waitFor();
  await shot(page, '14-ringa');
  await axe(page, 'ringa');
  const call = await page.evaluate(() => window.__INKOM_CALLS__.find((c) => c.cmd === 'cull'));
  assert.equal(call.args.ids.length, 2);
  await done();
});

test('registrar: assign diary numbers, diarielista', async () => {
  const { page, done } = await open();
  await page.locator(tid('nav-registrar')).click();
  const rows = page.locator(tid('registrar-list-row'));
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  // The registrar reads the ärendemening, not the content.
  const descriptions = await page.locator(tid('row-arendemening')).allTextContents();
  assert.equal(descriptions.length, 2, 'every diarium row shows its ärendemening');
  assert.ok(descriptions.every((d) => d.trim().length > 0), `${descriptions}`);
  await page.getByRole('checkbox', { name: 'Markera alla' }).check();
  await page.locator(tid('assign-dnr')).click();
  await page.locator(tid('assigned')).waitFor();
  assert.match(await page.locator(tid('assigned')).textContent(), /SN 2026\/0041[\s\S]*SN 2026\/0042/);
  await page.locator(tid('registrar-list-empty')).waitFor();
  await page.locator(tid('diarium-list-from')).fill('2026-10-01');
  await page.locator(tid('diarium-list-to')).fill('2026-11-30');
  await page.locator(tid('diarium-list-make')).click();
  await page.locator(`${tid('diarium-list-preview')} img`).waitFor();
  await page.locator(tid('print-sheets')).click();
  await shot(page, '15-registrar');
  await axe(page, 'registrar');
  const cmds = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'print_pdf').length);
  assert.equal(cmds, 2);
  await done();
});

test('registrar view against the unit register (issue 16): queue by diary number, take, number, print, entered, diarielista', async () => {
  const { page, done } = await open({ unit: 'registrar' });
  await page.locator(tid('nav-registrar')).click();
  const rows = page.locator(tid('unit-row'));
  await rows.first().waitFor();
  assert.equal(await page.locator(tid('registrar-list')).count(), 0, 'the local queue is not shown in unit mode');
  // Sorted by diary number (natural order), those without one last.
  assert.deepEqual(
    await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-registration-id'))),
    ['103', '102', '101'],
  );
  assert.match(await rows.first().textContent(), /SN 2026\/0042[\s\S]*hl_anna[\s\S]*Fråga om handläggningstid/);
  await page.locator(tid('unit-status')).waitFor();
  assert.match(await page.locator(tid('unit-status')).textContent(), /reg_eva/);
  await shot(page, '30-registrar-unit');
  await axe(page, 'registrar, unit mode, queue');

  // Entered before printing is refused by the register, in Swedish; nothing changes.
  const row101 = page.locator(`${tid('unit-row')}[data-registration-id="101"]`);
  await row101.locator(tid('unit-assign')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'assigned', `${tid('unit-row')}[data-registration-id="101"]`);
  assert.equal(await row101.locator(tid('unit-entered')).isDisabled(), true, 'no number yet');
  await row101.locator(tid('unit-dnr-input')).fill('SN 2026/0042');
  await row101.locator(tid('unit-set-dnr')).click();
  await page.locator(tid('error')).waitFor();
  assert.equal(await page.locator(tid('error')).getAttribute('data-code'), 'unit_refused');
  assert.match(await page.locator(tid('error')).textContent(), /diarienumret används redan/);
  await row101.locator(tid('unit-dnr-input')).fill('SN 2026/0043');
  await row101.locator(tid('unit-set-dnr')).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="unit-row"]')].map((r) => r.getAttribute('data-registration-id')).join() === '103,101,102');
  await row101.locator(tid('unit-entered')).click();
  await page.locator(tid('error')).waitFor();
  assert.match(await page.locator(tid('error')).textContent(), /registreringsbladet har inte skrivits ut/);

  // Print: the stored sheet in the app's preview, then to the printer.
  await row101.locator(tid('unit-print')).click();
  await page.locator(`${tid('unit-sheet-preview')} img`).waitFor();
  await page.locator(tid('unit-sheet-print')).click();
  await page.locator(tid('notice')).waitFor();
  await page.locator(tid('diarium-list-from')).fill('2026-11-01');
  await page.locator(tid('diarium-list-to')).fill('2026-11-30');
  await page.locator(tid('diarium-list-make')).click();
  await page.locator(`${tid('diarium-list-preview')} img`).waitFor();
  await shot(page, '30b-registrar-unit-sheet-and-list');
  await axe(page, 'registrar, unit mode');
  await assertReadable(page, 'registrar, unit mode');

  await row101.locator(tid('unit-entered')).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="unit-row"]').length === 2);
  const calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  for (const cmd of ['unit_queue', 'unit_assign', 'unit_set_dnr', 'unit_print_sheet', 'unit_print_pdf', 'unit_list', 'unit_entered']) {
    assert.ok(calls.includes(cmd), `${cmd} called`);
  }
  assert.ok(!calls.includes('assign_dnr') && !calls.includes('print_list'), 'nothing done on the local store');
  const setDnr = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'unit_set_dnr').pop());
  assert.deepEqual(setDnr.args, { registration_id: 101, diarienummer: 'SN 2026/0043' });
  await done();
});

test('registrar view: the unit register out of reach is said in Swedish, with a retry', async () => {
  const { page, done } = await open({ unit: 'registrar', unit_offline: true });
  await page.locator(tid('nav-registrar')).click();
  await page.locator(tid('unit-error')).waitFor();
  assert.equal(await page.locator(tid('unit-error')).getAttribute('data-code'), 'unit_unreachable');
  assert.match(await page.locator(tid('unit-error')).textContent(), /Enhetens register kan inte nås just nu/);
  assert.equal(await page.locator(tid('registrar-list')).count(), 0, 'no silent fall-back to the local store');
  await axe(page, 'registrar, unit unreachable');
  await page.evaluate(() => (window.__INKOM_FAKE__.unit_offline = false));
  await page.locator(tid('unit-retry')).click();
  await page.locator(tid('unit-row')).first().waitFor();
  await done();
});

test('unit status bar: what waits, the last error, "Synka nu"; a caseworker keeps the local registrar view', async () => {
  const { page, done } = await open({ unit: 'caseworker', unit_waiting: 2, unit_offline: true });
  const bar = page.locator(tid('unit-status'));
  await bar.waitFor();
  assert.match(await bar.textContent(), /Ansluten till enhet_ifo som hl_anna/);
  assert.match(await page.locator(tid('unit-waiting')).textContent(), /Väntar på att skickas: 2/);
  assert.match(await page.locator(tid('unit-last-error')).textContent(), /gick inte att nå/);
  await page.locator(tid('unit-sync')).click();
  await page.locator(tid('notice')).waitFor();
  assert.match(await page.locator(tid('notice')).textContent(), /kan inte nås just nu; 2 registrering\(ar\) väntar/);
  await shot(page, '31-unit-status-offline');
  await axe(page, 'unit status bar');
  await page.evaluate(() => (window.__INKOM_FAKE__.unit_offline = false));
  await page.locator(tid('unit-sync')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-waiting') === '0', tid('unit-status'));
  assert.equal(await page.locator(tid('unit-last-error')).count(), 0);
  // A caseworker's login: the registrar view is this PC's, as before.
  await page.locator(tid('nav-registrar')).click();
  await page.locator(tid('unit-caseworker-note')).waitFor();
  await page.locator(tid('registrar-list-row')).first().waitFor();
  assert.equal(await page.locator(tid('unit-queue')).count(), 0);
  await done();
});

test('without a unit connection there is no unit status bar and the registrar view is local', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('nav-registrar')).click();
  await page.locator(tid('registrar-list-row')).first().waitFor();
  assert.equal(await page.locator(tid('unit-status')).count(), 0);
  assert.equal(await page.locator(tid('unit-caseworker-note')).count(), 0);
  await done();
});

test('locks after idle time and unlocks with the passphrase', async () => {
  const { page, done } = await open({ idle_lock_minutes: 2, needs_passphrase: true }, { clock: true });
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.clock.fastForward('01:30');
  await page.mouse.move(200, 200);
  await page.clock.fastForward('01:30');
  assert.equal(await page.locator(tid('unlock-submit')).count(), 0, 'activity postponed the lock');
  await page.clock.fastForward('02:01');
  await page.locator(tid('unlock-passphrase')).waitFor();
  assert.match(await page.locator('main').textContent(), /låstes efter 2 minuter/);
  await shot(page, '16-lock');
  await axe(page, 'lock');
  assert.equal((await page.locator(tid('unlock-submit')).textContent()).trim(), 'Lås upp');
  await page.locator(tid('unlock-passphrase')).fill('fel');
  await page.locator(tid('unlock-submit')).click();
  // A wrong passphrase is shown at the field, which keeps the focus.
  await page.locator(tid('unlock-mismatch')).filter({ hasText: 'Fel lösenfras' }).waitFor();
  assert.equal(await page.locator(tid('unlock-passphrase')).getAttribute('aria-invalid'), 'true');
  await page.waitForFunction(() => document.activeElement?.id === 'unlock-passphrase');
  await page.locator(tid('unlock-passphrase')).fill('korrekt häst batteri');
  await page.keyboard.press('Enter');
  await page.locator(tid('inbox-row')).first().waitFor();
  const cmds = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(cmds.includes('lock'));
  await done();
});

test('the passphrase is changed under Inställningar by keyboard; refusals at their field; the new one unlocks', async () => {
  const { page, done } = await open({ needs_passphrase: true });
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('nav-settings')).click();
  const section = page.locator(tid('settings-passphrase'));
  await section.waitFor();
  const fill = async (current, fresh, again) => {
    await page.locator(tid('passphrase-current')).focus();
    await page.keyboard.type(current);
    await page.keyboard.press('Tab');
    await page.keyboard.type(fresh);
    await page.keyboard.press('Tab');
    await page.keyboard.type(again);
    await page.keyboard.press('Enter');
  };
  const NEW = 'fyra ord som inte hör ihop';
  // Typed differently twice: said at the second field, nothing sent.
  await fill('korrekt häst batteri', NEW, 'fyra ord som inte hör ihoq');
  await page.locator(tid('passphrase-again-error')).filter({ hasText: 'Lösenfraserna är olika' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'passphrase-again');
  // The current one wrong: at that field, the core's words for an open store.
  await page.locator(tid('passphrase-current')).fill('');
  await page.locator(tid('passphrase-new')).fill('');
  await page.locator(tid('passphrase-again')).fill('');
  await fill('fel lösenfras', NEW, NEW);
  await page.locator(tid('passphrase-current-error')).filter({ hasText: 'Den nuvarande lösenfrasen stämmer inte' }).waitFor();
  assert.equal(await page.locator(tid('passphrase-current')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator(tid('passphrase-current')).inputValue(), '', 'no passphrase left in a field');
  // Too short: at the new one.
  await fill('korrekt häst batteri', 'kort', 'kort');
  await page.locator(tid('passphrase-new-error')).filter({ hasText: 'minst 10 tecken' }).waitFor();
  await axe(page, 'passphrase change refused');
  await fill('korrekt häst batteri', NEW, NEW);
  await page.locator(tid('passphrase-changed')).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'passphrase-changed');
  await shot(page, '28-passphrase-changed');
  await axe(page, 'passphrase changed');
  const sent = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'change_passphrase').length);
  assert.equal(sent, 3, 'the mismatch never reached the core');
  // Locked, the old one is refused and the new one unlocks.
  await page.locator(tid('nav-lock')).click();
  await page.locator(tid('unlock-passphrase')).fill('korrekt häst batteri');
  await page.keyboard.press('Enter');
  await page.locator(tid('unlock-mismatch')).filter({ hasText: 'Fel lösenfras' }).waitFor();
  await page.locator(tid('unlock-passphrase')).fill(NEW);
  await page.keyboard.press('Enter');
  await page.locator(tid('unlock-passphrase')).waitFor({ state: 'detached' });
  await section.waitFor();
  await done();
});

test('a store whose key is in the OS keyring has no passphrase to change', async () => {
  const { page, done } = await open();
  await page.locator(tid('nav-settings')).click();
  await page.locator(tid('passphrase-os')).waitFor();
  assert.equal(await page.locator(tid('passphrase-current')).count(), 0);
  await done();
});

/** Files dropped on the window, as the shell reports a drop. */
const drop = (page, paths) =>
  page.evaluate((p) => window.__INKOM_EMIT__('tauri://drag-drop', { paths: p, position: { x: 300, y: 300 } }), paths);

/** Drops `paths` until the import opens with its preview. The window starts listening for drops
    a moment after the inbox shows (the event API is loaded on demand): on a busy machine a drop
    at once can come first and is lost, as it would be for a user that quick. */
async function dropUntilImportOpens(page, paths) {
  const thread = page.locator(tid('import-thread')).first();
  for (let i = 0; i < 20 && !(await thread.isVisible()); i++) {
    await drop(page, paths);
    await thread.waitFor({ timeout: 1500 }).catch(() => {});
  }
  await thread.waitFor();
}

test('files dropped on the window open the import with their preview; not while locked', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await dropUntilImportOpens(page, ['/home/maria/Hämtade/sms-export.xml']);
  const previewsOf = () => page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'import_preview'));
  const opened = await previewsOf();
  assert.ok(opened.length >= 1);
  for (const preview of opened) assert.deepEqual(preview.args.paths, ['/home/maria/Hämtade/sms-export.xml']);
  await shot(page, '05-import-drop');
  await page.keyboard.press('Escape');
  await page.locator(tid('nav-lock')).click();
  await page.locator(tid('unlock-submit')).waitFor();
  await drop(page, ['/home/maria/Hämtade/annan.xml']);
  await page.waitForTimeout(300);
  assert.equal((await previewsOf()).length, opened.length, 'a drop on the lock screen imports nothing');
  await done();
});

test('the conversation picker says how many messages are in inkom already', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  const newCells = async () => {
    await page.locator(tid('nav-import')).click();
    await page.locator(tid('import-choose')).click();
    await page.locator(tid('import-thread')).first().waitFor();
    return page.locator(tid('import-thread-new')).allTextContents().then((cells) => cells.map((c) => c.replace(/\s+/g, ' ').trim()));
  };
  assert.deepEqual(await newCells(), ['5', '3', '2'], 'nothing imported yet: every message is new');
  await page.locator(`${tid('import-thread')}[data-key="+46701740617"] input`).uncheck();
  await page.locator(`${tid('import-thread')}[data-key="+46701740648,+46701740655"] input`).uncheck();
  await page.locator(tid('import-start')).click();
  await page.locator(tid('import-summary')).waitFor();
  await page.locator(tid('import-done')).click();
  assert.deepEqual(await newCells(), ['0 (5 finns redan i inkom)', '3', '2']);
  await shot(page, '05-import-known');
  await axe(page, 'import picker with known messages');
  await done();
});

test('a dropped file whose name is not UTF-8 is previewed by the handle the shell gave', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  // The shell's handle for the Latin-1 name "sms-\xff.xml" (docs/ipc.md, path handles).
  const handle = 'bytes:/home/maria/Hämtade/sms-\\xff.xml';
  await dropUntilImportOpens(page, [handle]);
  const previews = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'import_preview'));
  assert.ok(previews.length >= 1);
  for (const preview of previews) assert.deepEqual(preview.args.paths, [handle], 'the handle goes back unchanged');
  const heading = await page.locator(`${tid('import-dialog')} h3`).first().textContent();
  assert.equal(heading, 'sms-\\xff.xml', 'the name with its escape, not cut at the backslash');
  await done();
});

test('a path the user did not pick or drop is refused, as by the shell', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  const refused = await page.evaluate(() =>
    window.__TAURI_INTERNALS__.invoke('import_preview', { paths: ['/home/maria/.ssh/id_rsa'] }).then(
      () => null,
      (e) => e.code,
    ),
  );
  assert.equal(refused, 'path_not_chosen');
  await done();
});

test('first run: the passphrase that creates the store is typed twice and checked', async () => {
  const { page, done } = await open({ locked: true, needs_passphrase: true, first_run: true });
  await page.locator(tid('unlock-repeat')).waitFor();
  assert.match(await page.locator('main').textContent(), /Välj en lösenfras/);
  await axe(page, 'first-run');
  await page.locator(tid('unlock-passphrase')).fill('kort');
  await page.locator(tid('unlock-repeat')).fill('kort');
  await page.keyboard.press('Enter');
  await page.locator(tid('unlock-mismatch')).filter({ hasText: 'minst 10 tecken' }).waitFor();
  await page.locator(tid('unlock-passphrase')).fill('vår nya lösenfras 2026');
  await page.locator(tid('unlock-repeat')).fill('vår nya lösenfras 2025');
  await page.keyboard.press('Enter');
  await page.locator(tid('unlock-mismatch')).filter({ hasText: 'olika' }).waitFor();
  let calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(!calls.includes('unlock'), 'nothing is sent until both fields agree');
  await page.locator(tid('unlock-repeat')).fill('vår nya lösenfras 2026');
  await page.keyboard.press('Enter');
  await page.locator(tid('inbox-row')).first().waitFor();
  calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(calls.includes('unlock'));
  await done();
});

test('? lists the shortcuts; Esc closes and focus returns; skip link; Alt+number switches views', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Hoppa till innehållet');
  await page.locator(tid('nav-history')).focus();
  await page.keyboard.press('?');
  await page.locator(`${tid('shortcuts')}[open]`).waitFor();
  assert.match(await page.locator(tid('shortcuts')).textContent(), /Välj Personaktsmaterial, Diarieföras eller Ringa betydelse/);
  await shot(page, '17-shortcuts');
  await axe(page, 'shortcuts');
  // Tab stays inside the dialog.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog')), 'focus trapped');
  await page.keyboard.press('Escape');
  await page.waitForFunction((sel) => !document.querySelector(`${sel}[open]`), tid('shortcuts'));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'nav-history');
  await page.keyboard.press('Alt+5');
  await page.locator(tid('setting-organisation')).waitFor();
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.id === 'inbox-search');
  await done();
});

test('history with verify; settings with language switch and client register', async () => {
  const { page, done } = await open();
  await page.locator(tid('nav-history')).click();
  await page.locator(`${tid('audit-log')} tbody tr`).first().waitFor();
  await page.locator(tid('audit-verify')).click();
  await page.locator(tid('audit-result')).filter({ hasText: 'Granskningsloggen är hel' }).waitFor();
  const log = await page.locator(tid('audit-log')).textContent();
  assert.doesNotMatch(log, /by_inkom|received_at|designation:|\bkey:/, 'details as Swedish labels');
  assert.match(log, /Beteckning: INK-2026-/);
  // An import's one event names its item and reads in order and in Swedish: how many, which,
  // from what format.
  assert.match(log, /Importerad(\d+)Antal handlingar: 1Första handlingens nr: \1Sista handlingens nr: \1Format: SMS Backup & Restore \(XML\)/);
  assert.doesNotMatch(log, /sms_backup_restore_xml|unprintable/);
  await assertReadable(page, 'history');
  await shot(page, '18-history');
  await axe(page, 'history');

  await page.locator(tid('nav-settings')).click();
  await page.locator(tid('import-clients')).click();
  await page.locator(tid('clients-result')).waitFor();
  assert.match(await page.locator(tid('clients-result')).textContent(), /2 nya, 1 uppdaterade, 1 avvisade/);
  await page.locator(tid('setting-idle_lock_minutes')).fill('0');
  await page.locator(tid('setting-idle_lock_minutes')).press('Tab');
  await page.locator(tid('error')).filter({ hasText: 'mellan 1 och 240' }).waitFor();
  await page.locator(tid('error')).locator('xpath=..').getByRole('button').click();
  await shot(page, '19-settings');
  await axe(page, 'settings');
  await page.locator(tid('setting-language')).selectOption('en');
  await page.locator(tid('nav-inbox')).filter({ hasText: 'Inbox' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await shot(page, '20-settings-english');
  await done();
});

test('100,000 items: start-up to a usable inbox, smooth paging, search', async () => {
  const t0 = Date.now();
  const { page, done } = await open({ bulk: 100_000 });
  await page.locator(tid('inbox-row')).first().waitFor();
  const startup = Date.now() - t0;
  const total = await page.locator(tid('inbox-total')).textContent();
  // Opens on "Att hantera": everything but the one rensad item of the seed.
  assert.match(total.replace(/\s/g, ''), /100010handlingar/);
  assert.ok((await page.locator(tid('inbox-row')).count()) < 60, 'only the visible rows are in the DOM');
  // Jump to the middle and to the end: rows arrive by page.
  const frames = await page.evaluate(async () => {
    const sc = document.querySelector('[data-testid="inbox"]').closest('.scroller') ?? document.querySelector('.scroller');
    const times = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      sc.scrollTop += 1500;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      times.push(performance.now() - t);
    }
    sc.scrollTop = sc.scrollHeight / 2;
    return times;
  });
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('aria-posinset')) > 40000, `${tid('inbox-row')}`);
  frames.sort((a, b) => a - b);
  const p95 = frames[Math.floor(frames.length * 0.95)];
  const median = frames[Math.floor(frames.length / 2)];
  const s0 = Date.now();
  await page.locator(tid('search')).fill('läkarbesök');
  await page.waitForFunction((sel) => /20\s?00\d handlingar/.test(document.querySelector(sel)?.textContent ?? ''), tid('inbox-total'));
  const search = Date.now() - s0;
  await shot(page, '21-inbox-100k');
  console.log(`# 100,000 rows (fake backend): start-up to first row ${startup} ms (incl. browser context), scroll frames (1,500 px per frame) median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, search incl. 200 ms debounce ${search} ms`);
  // The figures are printed above (bench/ measures them properly). This gate only catches a
  // list that stopped windowing (100,000 rows in the DOM take seconds per frame); it is generous
  // because CI's two cores are shared with builds: an empty page's frame is itself 50–90 ms there.
  assert.ok(median < 250, `scroll frames median ${median} ms`);
  await done();
});

test('readable at 1920×1080 without layout jumps when an item opens', async () => {
  const { page, done } = await open({}, { viewport: { width: 1920, height: 1080 } });
  await page.locator(tid('inbox-row')).first().waitFor();
  const before = await page.locator(tid('inbox')).boundingBox();
  await page.locator(`${tid('inbox-row')}[data-item-id="2"]`).click();
  await page.locator(tid('suggestion')).waitFor();
  const after = await page.locator(tid('inbox')).boundingBox();
  assert.deepEqual(after, before, 'the list does not move when the detail pane fills');
  await shot(page, '22-item-1920');
  await done();
});

test('first start: create the passphrase, set up the unit and the user, skip the unit register, then an inbox that says what to do', async () => {
  const { page, done } = await open({ locked: true, needs_passphrase: true, first_run: true, fresh: true, os_user: 'lena' });
  // Creating, not unlocking: the screen says so.
  await page.locator(tid('unlock-repeat')).waitFor();
  assert.equal((await page.locator('h1').textContent()).trim(), 'Skapa en lösenfras');
  assert.equal((await page.locator(tid('unlock-submit')).textContent()).trim(), 'Skapa lösenfras och fortsätt');
  assert.doesNotMatch(await page.locator('main').textContent(), /är låst|Lås upp/);
  await shot(page, '00a-first-run-passphrase');
  await page.locator(tid('unlock-passphrase')).fill('vår nya lösenfras 2026');
  await page.locator(tid('unlock-repeat')).fill('vår nya lösenfras 2026');
  await page.keyboard.press('Enter');

  // The set-up: name from the OS login, editable; required fields checked at the field.
  await page.locator(tid('setup')).waitFor();
  assert.equal(await page.locator(tid('setup-user')).inputValue(), 'lena');
  assert.match(await page.locator('#setup-user-hint').textContent(), /inloggningen \(lena\)/);
  assert.equal((await page.locator(tid('setup-clients-header')).textContent()).trim(), 'namn;personnummer;telefon;e-post');
  await axe(page, 'set-up');
  await assertReadable(page, 'set-up');
  await page.locator(tid('setup-save')).click();
  await page.locator(tid('setup-organisation-error')).waitFor();
  assert.equal(await page.locator(tid('setup-organisation')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'setup-organisation');
  let calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(!calls.includes('complete_setup'), 'nothing sent while a required field is empty');
  await page.locator(tid('setup-organisation')).fill('Exempelby kommun');
  await page.locator(tid('setup-authority')).fill('Socialnämnden');
  await page.locator(tid('setup-unit')).fill('Individ- och familjeomsorgen');
  await page.locator(tid('setup-diary_prefix')).fill('SN');
  await page.locator(tid('setup-user')).fill('Lena Handläggare');
  await page.locator(tid('setup-import-clients')).click();
  await page.locator(tid('setup-clients-result')).filter({ hasText: '2 nya' }).waitFor();
  await page.locator('#setup-title').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  await shot(page, '00b-first-run-setup');
  // The core refuses a prefix with a space; the Swedish message is shown, nothing stored.
  await page.locator(tid('setup-diary_prefix')).fill('SN 2026');
  await page.locator(tid('setup-save')).click();
  await page.locator(tid('error')).filter({ hasText: 'Diarieseriens prefix' }).waitFor();
  assert.ok(await page.locator(tid('setup')).isVisible());
  await page.locator(tid('setup-diary_prefix')).fill('SN');
  await page.locator(tid('setup-save')).click();

  // The optional last step: the unit register. Skipping stores nothing and sends nothing.
  await page.locator(tid('setup-unit-register')).waitFor();
  assert.equal(await page.locator(tid('setup')).count(), 0, 'the facts form is replaced by step 3');
  assert.equal((await page.locator('.step').textContent()).trim(), 'Steg 3 av 3: enhetens register (frivilligt)');
  await page.locator(tid('setup-unit-skip')).click();

  // The first inbox: what to do first, with the formats.
  const first = page.locator(tid('inbox-first'));
  await first.waitFor();
  assert.match(await first.textContent(), /Inkorgen är tom/);
  assert.match(await first.textContent(), /SMS Backup & Restore/);
  assert.match(await first.textContent(), /\.msg/);
  assert.match(await first.textContent(), /PNG, JPEG och WebP/);
  assert.match(await page.locator('.user').textContent(), /Lena Handläggare/);
  await axe(page, 'first inbox');
  await assertReadable(page, 'first inbox');
  await shot(page, '00d-first-run-inbox');
  calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(!calls.includes('connect_unit_register'), 'a skipped step connects nothing');
  const setup = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'complete_setup').pop());
  assert.deepEqual(setup.args.setup, {
    organisation: 'Exempelby kommun',
    authority: 'Socialnämnden',
    unit: 'Individ- och familjeomsorgen',
    diary_prefix: 'SN',
    user: 'Lena Handläggare',
  });
  await page.locator(tid('inbox-first-import')).click();
  await page.locator(tid('import-choose')).waitFor();
  await page.keyboard.press('Escape');

  // The facts are ordinary settings afterwards.
  await page.locator(tid('nav-settings')).click();
  assert.equal(await page.locator(tid('setting-authority')).inputValue(), 'Socialnämnden');
  await done();
});

test('first start with the unit register: refusals at the field they concern, then connected', async () => {
  const { page, done } = await open({ locked: true, needs_passphrase: true, first_run: true, fresh: true, os_user: 'lena' });
  await page.locator(tid('unlock-passphrase')).fill('vår nya lösenfras 2026');
  await page.locator(tid('unlock-repeat')).fill('vår nya lösenfras 2026');
  await page.keyboard.press('Enter');
  await page.locator(tid('setup')).waitFor();
  await page.locator(tid('setup-organisation')).fill('Exempelby kommun');
  await page.locator(tid('setup-authority')).fill('Socialnämnden');
  await page.locator(tid('setup-unit')).fill('Individ- och familjeomsorgen');
  await page.locator(tid('setup-diary_prefix')).fill('SN');
  await page.locator(tid('setup-user')).fill('Lena Handläggare');
  await page.locator(tid('setup-save')).click();

  const step = page.locator(tid('setup-unit-register'));
  await step.waitFor();
  assert.equal((await page.locator('h1').textContent()).trim(), 'Enhetens gemensamma register');
  await axe(page, 'unit register step');
  await assertReadable(page, 'unit register step');
  const urlError = page.locator(tid('unit-url-error'));
  const passwordError = page.locator(tid('unit-password-error'));
  const tryConnect = async (url, password) => {
    await page.locator(tid('unit-url')).fill(url);
    await page.locator(tid('unit-password')).fill(password);
    await page.locator(tid('setup-unit-connect')).click();
  };

  // Nothing typed: asked for the address, nothing sent.
  await page.locator(tid('setup-unit-connect')).click();
  await urlError.filter({ hasText: 'Skriv adressen till registret' }).waitFor();
  let calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(!calls.includes('connect_unit_register'));

  // The server cannot be reached: at the address, which keeps focus for correcting it.
  await tryConnect('postgres://hl_lena@nere.exempelby.se/ifo', 'enhetens-lösenord-2026');
  await urlError.filter({ hasText: 'Servern går inte att nå' }).waitFor();
  assert.equal(await page.locator(tid('unit-url')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'unit-url');
  assert.match(await page.locator(tid('unit-url')).getAttribute('aria-describedby'), /unit-url-error/);

  // The server offers no TLS (or an untrusted certificate): at the address too.
  await tryConnect('postgres://hl_lena@utan-tls.exempelby.se/ifo', 'enhetens-lösenord-2026');
  await urlError.filter({ hasText: 'krypterad anslutning' }).waitFor();

  // A wrong password: at the password field, the address no longer marked.
  await tryConnect('postgres://hl_lena@register.exempelby.se/ifo', 'fel-lösenord');
  await passwordError.filter({ hasText: 'Fel inloggning eller lösenord' }).waitFor();
  assert.equal(await urlError.count(), 0);
  assert.equal(await page.locator(tid('unit-password')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'unit-password');
  await shot(page, '00c-first-run-unit-register');

  // The right password, but a diary series of its own from the step before: go back, empty it.
  await tryConnect('postgres://hl_lena@register.exempelby.se/ifo', 'enhetens-lösenord-2026');
  await urlError.filter({ hasText: 'töm fältet Diarieserie' }).waitFor();
  await page.locator(tid('setup-unit-back')).click();
  assert.equal(await page.locator(tid('setup-diary_prefix')).inputValue(), 'SN', 'the facts are kept');
  await page.locator(tid('setup-diary_prefix')).fill('');
  await page.locator(tid('setup-save')).click();
  await step.waitFor();

  await tryConnect('postgres://hl_lena@register.exempelby.se/ifo', 'enhetens-lösenord-2026');
  const connected = page.locator(tid('setup-unit-connected'));
  await connected.waitFor();
  assert.match(await connected.textContent(), /Ansluten till enhetens register ifo\./);
  assert.match(await connected.textContent(), /förseglad till enhetens återställningsnyckel/);
  await axe(page, 'unit register connected');
  const sent = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'connect_unit_register').pop());
  assert.deepEqual(sent.args.unit, { url: 'postgres://hl_lena@register.exempelby.se/ifo', password: 'enhetens-lösenord-2026' });
  await page.locator(tid('setup-unit-done')).click();
  await page.locator(tid('inbox-first')).waitFor();
  const setup = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'complete_setup').pop());
  assert.equal(setup.args.setup.diary_prefix, '', 'the register holds the diary series');
  calls = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.equal(calls.filter((c) => c === 'connect_unit_register').length, 5);
  await done();
});

test('a caseworker who skipped the unit register at the first start connects under Inställningar, by keyboard', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  assert.equal(await page.locator(tid('unit-status')).count(), 0, 'not connected: no status bar');
  await page.locator(tid('nav-settings')).click();
  const section = page.locator(tid('settings-unit'));
  await section.locator(tid('settings-unit-none')).waitFor();
  await page.locator(tid('settings-unit-connect')).focus();
  await page.keyboard.press('Enter');
  await page.locator(tid('unit-url')).waitFor();
  assert.equal(await page.locator(tid('setup-unit-skip')).count(), 0, 'no set-up buttons here');
  // Enter with nothing typed: asked for the address, in this page's words, nothing sent.
  await page.locator(tid('unit-url')).focus();
  await page.keyboard.press('Enter');
  const urlError = page.locator(tid('unit-url-error'));
  await urlError.waitFor();
  assert.equal((await urlError.textContent()).trim(), 'Skriv adressen till registret.');
  await page.keyboard.type('postgres://hl_lena@register.exempelby.se/ifo');
  await page.keyboard.press('Tab');
  await page.keyboard.type('enhetens-lösenord-2026');
  await page.keyboard.press('Enter');
  // This store keeps its own diary series: said at the address, with where to empty it.
  await urlError.filter({ hasText: 'under Inställningar' }).waitFor();
  await axe(page, 'unit register in settings, refused');
  await shot(page, '26-settings-unit-refused');
  await page.locator(tid('setting-diary_prefix')).fill('');
  await page.locator(tid('setting-diary_prefix')).press('Tab');
  await page.waitForFunction(() => window.__INKOM_CALLS__.some((c) => c.cmd === 'set_setting' && c.args.key === 'diary_prefix'));
  await page.locator(tid('unit-password')).fill('enhetens-lösenord-2026');
  await page.locator(tid('unit-password')).press('Enter');
  const connected = page.locator(tid('setup-unit-connected'));
  await connected.waitFor();
  assert.match(await connected.textContent(), /Ansluten till enhetens register ifo\./);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'setup-unit-done');
  await page.keyboard.press('Enter');
  // The section and the status bar now say so.
  await section.locator(tid('settings-unit-connected')).waitFor();
  await page.locator(tid('unit-status')).waitFor();
  await axe(page, 'unit register in settings, connected');
  await shot(page, '27-settings-unit-connected');
  const calls = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'connect_unit_register').length);
  assert.equal(calls, 2);
  await done();
});

test('cancelling the unit register form under Inställningar stores nothing', async () => {
  const { page, done } = await open();
  await page.locator(tid('nav-settings')).click();
  await page.locator(tid('settings-unit-connect')).click();
  await page.locator(tid('unit-url')).fill('postgres://hl_lena@register.exempelby.se/ifo');
  await page.locator(tid('setup-unit-cancel')).click();
  await page.locator(tid('settings-unit-none')).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'settings-unit-connect', 'focus back on the button');
  const calls = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'connect_unit_register').length);
  assert.equal(calls, 0);
  await done();
});

test('a set-up store opens without the set-up; the lock screen names unlocking', async () => {
  const { page, done } = await open({ locked: true, needs_passphrase: true });
  await page.locator(tid('unlock-passphrase')).waitFor();
  assert.equal((await page.locator('h1').textContent()).trim(), 'inkom är låst');
  assert.equal(await page.locator(tid('unlock-repeat')).count(), 0);
  await page.locator(tid('unlock-passphrase')).fill('korrekt häst batteri');
  await page.keyboard.press('Enter');
  await page.locator(tid('inbox-row')).first().waitFor();
  assert.equal(await page.locator(tid('setup')).count(), 0);
  await done();
});

test('inbox opens on "Att hantera" with counts; finished items one filter away', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  const filter = page.locator(tid('filter-state'));
  assert.equal(await filter.inputValue(), 'todo');
  await page.waitForFunction((sel) => /Att hantera \(\d+\)/.test(document.querySelector(sel)?.textContent ?? ''), tid('filter-state'));
  const options = await filter.locator('option').allTextContents();
  assert.ok(options.includes('Att hantera (10)'), options.join(' | '));
  assert.ok(options.includes('Rensad (1)'), options.join(' | '));
  assert.ok(options.includes('Alla (11)'), options.join(' | '));
  const ids = await page.locator(tid('inbox-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item-id')));
  assert.ok(!ids.includes('11'), 'the rensad item is not under Att hantera');
  await filter.selectOption('purged');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid('inbox-row'));
  await assertReadable(page, 'inbox');
  await done();
});

test('bulk "printed": only items sent to print in this session are ticked; the rest by hand', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('filter-state')).selectOption('registered');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid('inbox-row'));
  // Print the first one from its item view.
  const firstId = await page.locator(tid('inbox-row')).first().getAttribute('data-item-id');
  const otherId = await page.locator(tid('inbox-row')).nth(1).getAttribute('data-item-id');
  await page.locator(tid('inbox-row')).first().click();
  await page.locator(tid('print-pdf')).click();
  await page.locator(tid('notice')).filter({ hasText: /^Skickad till skrivaren PDF, jobb PDF-\d+\.$/ }).waitFor();
  // The notice sits in its own bar: it does not cover the button it is about.
  const [btn, note] = await Promise.all([page.locator(tid('print-pdf')).boundingBox(), page.locator(tid('notice')).boundingBox()]);
  assert.ok(note.y >= btn.y + btn.height || note.y + note.height <= btn.y || note.x >= btn.x + btn.width || note.x + note.width <= btn.x, 'notice does not cover the print button');
  await page.locator(tid('inbox-row-select')).nth(0).click();
  await page.locator(tid('inbox-row-select')).nth(1).click();
  await page.locator(tid('batch-printed')).click();
  await page.locator(`${tid('printed-dialog')}[open]`).waitFor();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid('printed-item'));
  assert.ok(await page.locator(`${tid('printed-item')}[data-item-id="${firstId}"]`).isChecked(), 'the printed one is ticked');
  assert.ok(!(await page.locator(`${tid('printed-item')}[data-item-id="${otherId}"]`).isChecked()), 'the never-printed one is not');
  assert.match(await page.locator(tid('printed-dialog')).textContent(), /Inte utskriven i den här sessionen/);
  assert.match(await page.locator(tid('printed-consequence')).textContent(), /kan inte ångras/);
  assert.equal((await page.locator(tid('printed-confirm')).textContent()).trim(), 'Bekräfta 1 utskriven');
  await axe(page, 'bulk printed');
  await shot(page, '23-bulk-printed');
  await page.locator(tid('printed-confirm')).click();
  await page.locator(tid('notice')).filter({ hasText: '1 handling bekräftad som utskriven.' }).waitFor();
  const call = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'confirm_printed').pop());
  assert.deepEqual(call.args.ids, [Number(firstId)]);
  await done();
});

test('group conversation: every participant in the picker, the item and the delete dialog', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('nav-import')).click();
  await page.locator(tid('import-choose')).click();
  await page.locator(tid('import-thread')).first().waitFor();
  const group = page.locator(`${tid('import-thread')}[data-key="+46701740648,+46701740655"]`);
  assert.equal((await group.locator(tid('import-thread-who')).textContent()).trim(), '070-174 06 48 och 070-174 06 55 (Maria Lind)');
  const single = page.locator(`${tid('import-thread')}[data-key="+46701740617"]`);
  assert.equal((await single.locator(tid('import-thread-who')).textContent()).trim(), '+46701740617 (Jonas Ek)');
  await page.locator(`${tid('import-thread')}[data-key="+46701740617"] input`).uncheck();
  await page.locator(`${tid('import-thread')}[data-key="+46701740648"] input`).uncheck();
  await page.locator(tid('import-start')).click();
  await page.locator(tid('import-summary')).waitFor();
  await page.locator(tid('import-done')).click();
  await page.locator(tid('search')).fill('trapphuset');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid('inbox-row'));
  await page.locator(tid('inbox-row')).first().click();
  await page.locator(tid('item-view')).waitFor();
  // Every participant in one number format, with the name the export gave (issue 18).
  const heading = (await page.locator('#item-title').textContent()).trim();
  assert.equal(heading, 'Maria Lind (070-174 06 55), 070-174 06 99 och 070-174 06 48');
  // Ringa: the source may be deleted; the dialog names the whole group.
  await page.locator(tid('classify-ringa')).click();
  await page.locator(tid('classify-save')).click();
  await waitState(page, 'classified');
  await page.locator(tid('delete-source')).click();
  await page.locator(tid('delete-group')).waitFor();
  const names = (await page.locator(tid('delete-group')).textContent()).trim();
  assert.equal(names, 'Gruppkonversation med Maria Lind (070-174 06 55), 070-174 06 99 och 070-174 06 48');
  assert.doesNotMatch(names, /\+46/, 'one number format in the dialog');
  assert.match(await page.locator(tid('delete-undo')).textContent(), /kan inte ångras/);
  await axe(page, 'group delete dialog');
  await shot(page, '24-group-delete');
  await page.keyboard.press('Escape');
  await done();
});

test('an item sent is named by whom it went to, in the list and the heading, not "Okänd avsändare"', async () => {
  const { page, done } = await open({ outgoing: true });
  const sms = page.locator(tid('inbox-row')).filter({ hasText: 'Vi ses på torsdag' });
  await sms.waitFor();
  // The caseworker's reply to a client the register knows: her name, the number as Swedes write it.
  assert.equal((await sms.locator('.who').textContent()).trim(), 'Till Amira Haddad (070-174 06 05)');
  // To, then Cc, then Bcc: the register's party of a document sent.
  const mail = page.locator(tid('inbox-row')).filter({ hasText: 'Sv: Angående Elsa' });
  assert.equal((await mail.locator('.who').textContent()).trim(), 'Till rektor@exempelskolan.example.se, elevhalsan@exempelskolan.example.se och Åsa Öberg <asa.oberg@example.se>');
  assert.doesNotMatch(await page.locator(tid('inbox')).textContent(), /Okänd avsändare/);
  await shot(page, '25-outgoing-rows');
  await sms.click();
  await page.locator(tid('item-view')).waitFor();
  assert.equal((await page.locator('#item-title').textContent()).trim(), 'Till Amira Haddad (070-174 06 05)');
  // Sent, not received: the heading's date is the day it was sent out (expedierad).
  assert.match(await page.locator(`${tid('item-view')} .meta`).first().textContent(), /Utgående · Expedierad\s+2026-11-04/);
  await mail.click();
  await page.waitForFunction(() => document.querySelector('#item-title')?.textContent?.includes('rektor@'));
  assert.equal((await page.locator('#item-title').textContent()).trim(), 'Till rektor@exempelskolan.example.se, elevhalsan@exempelskolan.example.se och Åsa Öberg <asa.oberg@example.se>');
  // The sent copy's blind copy recipients, under their own heading (only this copy names them).
  const headers = page.locator(`${tid('item-view')} dl.headers`);
  assert.match(await headers.textContent(), /Hemlig kopia\s*Åsa Öberg <asa\.oberg@example\.se>/);
  await axe(page, 'an item sent');
  await done();
});

test('what the import repaired or guessed is shown on the item before it is classified', async () => {
  const { page, done } = await open({ repaired: true });
  const row = page.locator(tid('inbox-row')).filter({ hasText: 'Fråga om möte' });
  await row.click();
  await page.locator(tid('item-view')).waitFor();
  const notes = page.locator(tid('import-notes'));
  assert.equal(await notes.getAttribute('role'), 'note');
  assert.match(await notes.textContent(), /Anmärkning vid import/);
  assert.equal(await notes.locator('li').count(), 2);
  assert.match(await notes.textContent(), /tiden är filens ändringstid, inte ankomsttiden: kontrollera den/);
  // The text kept as an attachment is readable here, as the printout prints it.
  const kept = page.locator(tid('attachment-text')).first();
  assert.match(await kept.locator('pre').textContent(), /Måndag: arbete 8–17\nTisdag: ledig/);
  assert.equal(await kept.evaluate((d) => d.open), false, 'closed: the message has its own text');
  await kept.locator('summary').click();
  assert.equal(await kept.evaluate((d) => d.open), true);
  // The files inside a forwarded e-mail are listed as the printout names them, a text one
  // readable here.
  const inner = page.locator(tid('inner-files'));
  assert.match(await inner.textContent(), /vidarebefordrat\.eml › intyg\.pdf/);
  assert.match(await inner.textContent(), /vidarebefordrat\.eml › anteckning\.txt/);
  // A picture inside it is shown, not only named.
  const photo = inner.locator('img[alt*="foto.png"]');
  await photo.waitFor();
  assert.match(await photo.getAttribute('src'), /^data:image\/png;base64,/);
  assert.match(await page.locator(tid('item-view')).textContent(), /Filer i bifogade meddelanden \(återges på utskriften\)/);
  // A TIFF (a fax) is shown as its first page, and the view says how many there are.
  await page.locator('img[alt*="fax.tif"]').waitFor();
  assert.equal((await page.locator(tid('tiff-pages')).textContent()).trim(), 'Första sidan av 3. Utskriften visar alla sidor.');
  const innerText = inner.locator(tid('inner-file-text'));
  await innerText.locator('summary').click();
  assert.match(await innerText.locator('pre').textContent(), /Återbesök om två veckor\./);
  // The time was guessed: its correction is offered open.
  assert.equal(await page.locator(tid('received-card')).evaluate((d) => d.open), true);
  await axe(page, 'import notes');
  await shot(page, '29-import-notes');
  // An item the import took as it was has none.
  await page.locator(`${tid('inbox-row')}[data-item-id="1"]`).click();
  await page.waitForFunction((sel) => !document.querySelector(sel), tid('import-notes'));
  const card = page.locator(tid('received-card'));
  if ((await card.count()) > 0) assert.equal(await card.evaluate((d) => d.open), false, 'closed when nothing questions the time');
  await done();
});

test('Esc cancels a started reclassification; "Öppna i PDF-läsaren" says when it fails', async () => {
  const { page, done } = await open({ no_viewer: true });
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(`${tid('inbox-row')}[data-item-id="1"]`).click();
  await page.locator(tid('item-view')).waitFor();
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.activeElement?.id === 'arendemening');
  await page.keyboard.type('Påbörjad');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('arendemening'));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'classify-diarium');
  let cmds = await page.evaluate(() => window.__INKOM_CALLS__.map((c) => c.cmd));
  assert.ok(!cmds.includes('classify'), 'Esc stores nothing');

  await page.locator(tid('filter-state')).selectOption('registered');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid('inbox-row'));
  await page.locator(tid('inbox-row')).first().click();
  await page.locator(tid('open-pdf')).click();
  await page.locator(tid('error')).filter({ hasText: 'PDF-läsaren kunde inte startas' }).waitFor();
  await done();
});

test('reading: the sheet in the app with page turning and sharper zoom; dates typed ÅÅÅÅ-MM-DD', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('filter-state')).selectOption('registered');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid('inbox-row'));
  await page.locator(tid('inbox-row')).first().click();
  const viewer = page.locator(tid('pdf-preview'));
  await viewer.locator('img').waitFor();
  assert.equal((await page.locator(tid('pdf-page')).textContent()).trim(), 'Sida 1 av 2');
  const dpiOf = () => page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'pdf_page').pop().args.dpi);
  const fitDpi = await dpiOf();
  await page.locator(tid('pdf-next')).click();
  await page.locator(tid('pdf-page')).filter({ hasText: 'Sida 2 av 2' }).waitFor();
  assert.ok(await page.locator(tid('pdf-next')).isDisabled());
  await page.locator(tid('pdf-zoom-in')).click();
  await page.locator(tid('pdf-zoom-in')).click();
  await page.locator(tid('pdf-zoom')).filter({ hasText: '150 %' }).waitFor();
  await page.waitForFunction((d) => window.__INKOM_CALLS__.filter((c) => c.cmd === 'pdf_page').pop().args.dpi > d, fitDpi);
  const img = await viewer.locator('img').boundingBox();
  const region = await viewer.locator('.pages').boundingBox();
  assert.ok(img.width > region.width, 'zoomed wider than the panel (scrolls)');
  await viewer.locator('.pages').focus();
  await page.keyboard.press('PageUp');
  await page.locator(tid('pdf-page')).filter({ hasText: 'Sida 1 av 2' }).waitFor();
  await shot(page, '25-pdf-preview-zoom');
  await axe(page, 'pdf preview');

  await page.locator(tid('nav-registrar')).click();
  await page.locator(tid('diarium-list-from')).fill('20261001');
  await page.locator(tid('diarium-list-from')).press('Tab');
  assert.equal(await page.locator(tid('diarium-list-from')).inputValue(), '2026-10-01');
  await page.locator(tid('diarium-list-to')).fill('2026-02-30');
  await page.locator(tid('diarium-list-to')).press('Tab');
  assert.equal(await page.locator(tid('diarium-list-to')).getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#diarium-to-hint').textContent(), /ÅÅÅÅ-MM-DD, till exempel/);
  await page.locator(tid('diarium-list-to')).fill('2026-11-30');
  await page.locator(tid('diarium-list-make')).click();
  await page.locator(`${tid('diarium-list-preview')} img`).waitFor();
  const call = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'print_list').pop());
  assert.deepEqual([call.args.from, call.args.to], ['2026-10-01', '2026-11-30']);
  await done();
});

test('the date received is corrected before registration, with a reason, by keyboard', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(`${tid('inbox-row')}[data-item-id="1"]`).click();
  await page.locator(tid('item-view')).waitFor();
  const card = page.locator(tid('received-card'));
  await card.locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.locator(tid('received-at')).fill('2026-11-03 14:22');
  assert.equal(await page.locator(tid('received-save')).isDisabled(), true, 'no correction without a reason');
  await page.locator(tid('received-reason')).fill('Skärmdumpen visar sms:ets egen tid');
  await page.locator(tid('received-reason')).press('Enter');
  await page.locator(tid('notice')).filter({ hasText: 'Inkomstdatumet är rättat' }).waitFor();
  const call = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'set_received').pop());
  assert.deepEqual(call.args, { id: 1, at: '2026-11-03 14:22', reason: 'Skärmdumpen visar sms:ets egen tid', drawn_up: null });
  await done();
});

test('after an import the inbox shows the new items with the newest open; "Visa hela inkorgen" goes back', async () => {
  const { page, done } = await open();
  await page.locator(tid('inbox-row')).first().waitFor();
  const before = await page.locator(tid('inbox-row')).count();
  await page.locator(tid('nav-import')).click();
  await page.locator(tid('import-choose')).click();
  await page.locator(tid('import-thread')).first().waitFor();
  await page.locator(`${tid('import-thread')}[data-key="+46701740648,+46701740655"] input`).uncheck();
  await page.locator(tid('import-start')).click();
  await page.locator(tid('import-summary')).waitFor();
  await page.locator(tid('import-done')).click();

  const banner = page.locator(tid('inbox-just-imported'));
  await banner.waitFor();
  assert.match(await banner.textContent(), /Visar de 2 nyss importerade handlingarna/);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid('inbox-row'));
  const rows = page.locator(tid('inbox-row'));
  const senders = (await rows.allTextContents()).join(' ');
  assert.match(senders, /070-174 06 48|\+46701740648/);
  assert.match(senders, /Jonas Ek|\+46701740617/);
  // The newest of them is open, and its row is in view at the top of the list.
  await page.locator(tid('item-view')).waitFor();
  const firstId = await rows.first().getAttribute('data-item-id');
  assert.equal(await page.locator(tid('item-view')).getAttribute('data-item-id'), firstId);
  const list = await page.locator(tid('inbox')).boundingBox();
  const row = await rows.first().boundingBox();
  assert.ok(row.y >= list.y && row.y + row.height <= list.y + list.height, 'the open row is in view');
  assert.match(await page.locator(tid('inbox-total')).textContent(), /^2 handlingar/);
  await assertReadable(page, 'just imported');
  await axe(page, 'just imported');
  await shot(page, '26-just-imported');

  await page.locator(tid('inbox-show-all')).click();
  await banner.waitFor({ state: 'detached' });
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [tid('inbox-row'), 2]);
  assert.ok((await page.locator(tid('inbox-row')).count()) >= before, 'the whole inbox again');
  assert.equal(await page.locator(tid('item-view')).getAttribute('data-item-id'), firstId, 'the item stays open');
  await done();
});

test('a truncated export: the preview offers salvage and shows what it would import; unticked it is refused in the app\'s words', async () => {
  const { page, done } = await open({ pick_truncated: true });
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('nav-import')).click();
  await page.locator(tid('import-choose')).click();
  const why = page.locator(tid('import-truncated'));
  await why.waitFor();
  assert.match(await why.textContent(), /avkortad.*de 8 fullständiga meddelandena före avbrottet.*kryssa i Räddningsläge/);
  assert.equal(await page.locator(tid('import-thread')).count(), 2, 'the conversations salvage would import');
  const box = page.locator(tid('import-salvage'));
  assert.equal(await box.isChecked(), false, 'refused by default: an offer, not a default');
  await assertReadable(page, 'truncated preview');
  await axe(page, 'truncated preview');
  await shot(page, '27-import-truncated');

  // Without the box: refused, in the app's words (no command-line flag), nothing stored.
  await page.locator(tid('import-start')).click();
  await page.locator(tid('import-summary')).waitFor();
  const refused = await page.locator(tid('import-summary')).textContent();
  assert.match(refused, /Importerade: 0/);
  assert.match(refused, /importera den igen och kryssa i Räddningsläge/);
  assert.ok(!refused.includes('--salvage'), refused);
  await page.locator(tid('import-done')).click();

  // With the box: the complete messages before the break, each noting the truncation.
  await page.locator(tid('nav-import')).click();
  await page.locator(tid('import-choose')).click();
  await page.locator(tid('import-salvage')).check();
  await page.locator(tid('import-start')).click();
  await page.locator(tid('import-summary')).waitFor();
  const summary = await page.locator(tid('import-summary')).textContent();
  assert.match(summary, /Importerade: 2/);
  assert.match(summary, /källfilen är avkortad/);
  assert.doesNotMatch(summary, /--salvage/, 'no CLI flag in what the app shows');
  const call = await page.evaluate(() => window.__INKOM_CALLS__.filter((c) => c.cmd === 'import').pop());
  assert.equal(call.args.selection.salvage, true);
  await page.locator(tid('import-done')).click();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, tid('inbox-row'));
  await done();
});

test('without Tesseract the OCR choice is off and says why', async () => {
  const { page, done } = await open({ ocr_available: false });
  await page.locator(tid('inbox-row')).first().waitFor();
  await page.locator(tid('nav-import')).click();
  await page.locator(tid('import-choose')).click();
  await page.locator(tid('import-thread')).first().waitFor();
  const ocr = page.locator(tid('import-ocr'));
  assert.equal(await ocr.isChecked(), false);
  assert.equal(await ocr.isDisabled(), true);
  await page.getByText('Tesseract med svenska saknas').waitFor();
  await done();
});
