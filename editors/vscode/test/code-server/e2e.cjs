// The extension in a real VS Code (code-server), driven through its UI by headless Chromium: diagnostics in the
// Problems panel, completion after `status: ` accepted with Enter, go to definition on a see-also entry, a quick
// fix, and the "Update Table of Contents" command. Run by run.sh, which starts code-server on a copy of examples/.
// On failure it prints what the editor showed (and writes a screenshot beside the workspace).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ws = process.env.KEP_WORKSPACE;
const url = process.env.CODE_SERVER_URL;
const seen = [];
let page;

function note(what) {
  seen.push(what);
  console.log(`code-server e2e: ${what}`);
}

async function shown() {
  const text = async (selector) =>
    (await page.locator(selector).allInnerTexts().catch(() => [])).join('\n').slice(0, 3000);
  return {
    activeTab: await text('.tab.active'),
    problems: await text('.markers-panel'),
    notifications: await text('.notifications-toasts'),
    suggest: await text('.suggest-widget'),
    output: await text('.output-view, .panel .monaco-editor'),
    editor: await text('.editor-instance .view-lines'),
  };
}

async function waitFor(what, condition, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) {
      note(what);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await page.waitForTimeout(200);
  }
}

const read = (rel) => fs.readFileSync(path.join(ws, rel), 'utf8');
const lineOf = (rel, needle) => read(rel).split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The label of the active tab (VS Code writes the name and the extension in separate elements). */
async function activeTab() {
  return (await page.locator('.tab.active').first().innerText().catch(() => '')).replace(/\s+/g, '');
}

async function quickOpen(rel) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(rel);
  // The list first shows recent files; wait until the first row is the file asked for.
  const dir = path.basename(path.dirname(rel));
  await waitFor(`quick open lists ${rel} first`, async () => {
    const first = await page.locator('.quick-input-list .monaco-list-row').first().innerText().catch(() => '');
    return first.includes(path.basename(rel)) && first.includes(dir);
  });
  await page.keyboard.press('Enter');
  await waitFor(`${rel} is the active editor`, async () => (await activeTab()).includes(path.basename(rel)));
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
}

async function goToLine(n) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(String(n));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await waitFor(`the palette offers ${title}`, async () =>
    (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).some((t) => t.includes(title)),
  );
  await page.keyboard.press('Enter');
}

// Saves until the file holds `needle`: a command's edit reaches the editor after the command answers (the
// server never waits on the client), so one save right after the command can come before the edit.
async function save(rel, needle) {
  let saves = 0;
  await waitFor(
    `${rel} saved with ${JSON.stringify(needle)}`,
    async () => {
      if (read(rel).includes(needle)) {
        return true;
      }
      if (saves++ % 5 === 0) {
        await page.keyboard.press('Control+S');
      }
      return false;
    },
    15000,
  );
}

async function main() {
  const faulty = 'keps/sig-cli/1004-kubectl-explain-examples/kep.yaml';
  const referrer = 'keps/sig-apps/1002-job-retry-budget/kep.yaml';
  const readme = 'keps/sig-node/1001-pod-readiness-hints/README.md';
  // A heading the table of contents does not list yet.
  fs.appendFileSync(path.join(ws, readme), '\n## Added Later\n');

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    note('the workbench is up');

    // 1. Diagnostics in the Problems panel.
    await quickOpen(faulty);
    await page.keyboard.press('Control+Shift+M');
    await waitFor('kep-ls diagnostics in the Problems panel', async () => {
      const text = (await page.locator('.markers-panel').allInnerTexts()).join('\n');
      return text.includes('unknown-key') && text.includes('prr-file-missing');
    }, 60000);
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();

    // 2. Completion after `status: ` (typed: the space triggers it), narrowed by `imp`, accepted with Enter.
    await goToLine(lineOf(faulty, 'status: '));
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('status: ');
    await page.locator('.suggest-widget.visible').waitFor({ timeout: 20000 });
    await page.keyboard.type('imp');
    await waitFor('the suggestion list starts with implementable', async () =>
      (await page.locator('.suggest-widget.visible .monaco-list-row').first().innerText().catch(() => '')).includes('implementable'),
    );
    if (process.env.SCREENSHOT) {
      await page.screenshot({ path: process.env.SCREENSHOT });
      note(`screenshot ${process.env.SCREENSHOT}`);
    }
    await page.keyboard.press('Enter');
    await save(faulty, '\nstatus: implementable\n');

    // 3. A quick fix: `see_also` → `see-also`.
    await goToLine(lineOf(faulty, 'see_also:'));
    await page.keyboard.press('Home');
    // Ctrl+. (Quick Fix…) as soon as the light bulb knows the fixes; asked again until the menu shows.
    const rename = page.locator('.action-widget .monaco-list-row', { hasText: 'Rename to' }).first();
    await waitFor('the quick fix menu offers Rename to `see-also`', async () => {
      await page.keyboard.press('Control+.');
      const shownSoon = await rename.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false);
      if (!shownSoon) {
        await page.keyboard.press('Escape');
      }
      return shownSoon;
    });
    await rename.click();
    await save(faulty, '\nsee-also:\n');

    // 4. Go to definition on a see-also entry opens the referenced KEP's README.
    await quickOpen(referrer);
    await goToLine(lineOf(referrer, '/keps/sig-node/1001-pod-readiness-hints'));
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F12');
    await waitFor('go to definition opens the README of 1001', async () => (await activeTab()).includes('README.md'));

    // 5. KEP: Update Table of Contents on the README with a new heading.
    await quickOpen(readme);
    await runCommand('KEP: Update Table of Contents');
    await page.waitForTimeout(500);
    await save(readme, '[Added Later](#added-later)');
    note('all passed');
  } catch (error) {
    console.error(`FAIL: ${error.message}`);
    console.error(`Steps done: ${JSON.stringify(seen, null, 2)}`);
    console.error(`What VS Code showed: ${JSON.stringify(await shown(), null, 2)}`);
    const shot = path.join(os.tmpdir(), 'kep-ls-code-server-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`screenshot: ${shot}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

void main();
