// PDF benchmark, Chromium side (run by bench/pdf.sh, not a test).
//
// node pdf_chromium.cjs HTML_DIR OUT_DIR
//
// One headless Chromium process and one tab for the whole batch, the way a web-based tool
// would print: every sheet-*.html, then diarielista.html, is loaded with setContent and printed
// with page.pdf (A4 from the CSS @page rule, "Sida N av M" footer as inkom prints it). Timings
// are printed as one JSON object per line, like bench/pdf_bench.rs.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [htmlDir, outDir] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const footerTemplate =
  '<div style="width:100%;font-size:8.5pt;color:#3c3c3c;margin:0 18mm 0 25mm;' +
  'display:flex;justify-content:space-between;font-family:\'Noto Sans\',sans-serif">' +
  '<span class="title"></span>' +
  '<span>Sida <span class="pageNumber"></span> av <span class="totalPages"></span></span></div>';

async function print(page, file, out) {
  const html = fs.readFileSync(file, 'utf8');
  await page.setContent(html, { waitUntil: 'load' });
  const pdf = await page.pdf({
    preferCSSPageSize: true,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate,
    tagged: true,
  });
  fs.writeFileSync(out, pdf);
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const launched = performance.now();
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  const startup = (performance.now() - launched) / 1000;
  console.log(JSON.stringify({ engine: 'chromium', what: 'startup', seconds: startup,
    version: await browser.version() }));

  const sheets = fs.readdirSync(htmlDir).filter((f) => /^sheet-.*\.html$/.test(f)).sort();
  let t = performance.now();
  for (const f of sheets) {
    await print(page, path.join(htmlDir, f), path.join(outDir, f.replace(/\.html$/, '.pdf')));
  }
  console.log(JSON.stringify({ engine: 'chromium', what: 'sheets', documents: sheets.length,
    seconds: (performance.now() - t) / 1000 }));

  t = performance.now();
  await print(page, path.join(htmlDir, 'diarielista.html'), path.join(outDir, 'diarielista.pdf'));
  console.log(JSON.stringify({ engine: 'chromium', what: 'diarielista', documents: 1,
    seconds: (performance.now() - t) / 1000 }));
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
