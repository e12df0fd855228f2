// Accessibility: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the main states of the playground, in both
// themes, plus the checks axe cannot make: a visible focus ring on every control, and reduced motion honoured.
// Any serious or critical violation fails the test, printed one node per line so the fix is obvious.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Playground } from './pages/playground.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Runs axe on the page; returns the serious/critical violations as readable lines. */
async function axeProblems(page) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad.flatMap((v) =>
    v.nodes.map((n) => {
      const why = n.any.concat(n.all, n.none).map((c) => c.message).filter(Boolean).join('; ');
      return `[${v.impact}] ${v.id}: ${v.help}\n    at ${n.target.join(' ')}\n    ${why}`;
    }),
  );
}

async function expectAxeClean(page, state) {
  const problems = await axeProblems(page);
  expect(problems, `axe found in "${state}":\n${problems.join('\n')}`).toEqual([]);
}

/** The theme the page is actually painted in (`data-theme` on <html>, or the OS preference for auto). */
async function setTheme(page, theme) {
  await page.getByLabel('Theme').selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

for (const theme of ['light', 'dark']) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      // The opposite OS preference, so a theme that only follows the OS would be caught.
      await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
    });

    test(`axe: composed (default) and empty form — ${theme}`, async ({ page }) => {
      const app = new Playground(page);
      await app.open();
      await setTheme(page, theme);
      await expectAxeClean(page, `composed, ${theme}`);

      for (const field of [app.tokenUrl, app.clientId, app.clientSecret, app.scope]) await field.fill('');
      // Validation messages for the empty fields are part of this state.
      await expect(app.send).toBeVisible();
      await expectAxeClean(page, `empty form, ${theme}`);
      app.expectNoPageErrors();
    });

    test(`axe: token shown — ${theme}`, async ({ page }) => {
      const app = new Playground(page);
      await app.open();
      await setTheme(page, theme);
      await app.send.click();
      await expect(app.timer).toBeVisible();
      await app.expectStatus('200 OK');
      await app.callApi();
      await expect(app.apiResponse).toContainText('HTTP/1.1 200 OK');
      await expectAxeClean(page, `token shown, ${theme}`);
      app.expectNoPageErrors();
    });

    test(`axe: error shown (wrong secret, 401) — ${theme}`, async ({ page }) => {
      const app = new Playground(page);
      await app.open();
      await setTheme(page, theme);
      await app.clientSecret.fill('definitely-the-wrong-secret');
      await app.sendAndExpectStatus('401');
      await expect(page.getByText('invalid_client', { exact: true }).first()).toBeVisible();
      await expectAxeClean(page, `error shown, ${theme}`);
    });

    test(`axe: simulated server settings open — ${theme}`, async ({ page }) => {
      const app = new Playground(page);
      await app.open();
      await setTheme(page, theme);
      await app.openSimulatorSettings();
      await expect(app.tokenLifetime).toBeVisible();
      await expectAxeClean(page, `simulated server settings, ${theme}`);
    });
  });
}

test('axe: auto theme follows the OS preference (dark OS)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const app = new Playground(page);
  await app.open('?theme=auto');
  await app.send.click();
  await expect(app.timer).toBeVisible();
  await expectAxeClean(page, 'auto theme on a dark OS, token shown');
});

test('axe: embed mode (compact layout for an iframe), token shown', async ({ page }) => {
  const app = new Playground(page);
  await app.open('?embed=1');
  await app.send.click();
  await expect(app.timer).toBeVisible();
  await expectAxeClean(page, 'embed mode, token shown');
});

test('every control shows a visible focus ring when reached by keyboard', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.send.click();
  await expect(app.timer).toBeVisible();
  // Open every disclosure so the controls inside are reachable.
  for (const summary of await page.locator('summary').all()) {
    if (await summary.isVisible()) {
      const open = await summary.evaluate((s) => s.parentElement.open);
      if (!open) await summary.click();
    }
  }
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const seen = new Set();
  const missing = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      window.__visited ??= new WeakSet();
      const again = window.__visited.has(el);
      window.__visited.add(el);
      const cs = getComputedStyle(el);
      const ring =
        (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1) ||
        (cs.boxShadow && cs.boxShadow !== 'none');
      const name =
        el.getAttribute('aria-label') ||
        (el.labels && el.labels[0] && el.labels[0].textContent.trim()) ||
        el.textContent.trim().slice(0, 40) ||
        el.getAttribute('name') ||
        '';
      const id = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}[${name}]`;
      return { id, again, ring, focusVisible: el.matches(':focus-visible') };
    });
    if (!info) continue;
    if (info.again) break; // wrapped around to the first control
    seen.add(info.id);
    if (!info.ring || !info.focusVisible) missing.push(info.id);
  }
  expect(seen.size, 'Tab reached the controls').toBeGreaterThan(10);
  expect(missing, `controls without a visible focus ring:\n${missing.join('\n')}`).toEqual([]);
});

test('prefers-reduced-motion: no transitions or animations run', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const app = new Playground(page);
  await app.open();
  await app.send.click();
  await expect(app.timer).toBeVisible();
  const moving = await page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((el) => {
        const cs = getComputedStyle(el);
        const t = cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0.01);
        const a = cs.animationName !== 'none' && cs.animationDuration.split(',').some((d) => parseFloat(d) > 0.01);
        return t || a;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
  );
  expect(moving, `elements that still move under reduced motion:\n${moving.join('\n')}`).toEqual([]);
});

test('the countdown bar animates with transform, not width (no layout per tick)', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.send.click();
  await expect(app.timer).toBeVisible();
  const fill = page.locator('.countdown__fill');
  await expect(fill).toHaveCount(1);
  const { transitionProperty, transform, inlineWidth } = await fill.evaluate((el) => ({
    transitionProperty: getComputedStyle(el).transitionProperty,
    transform: getComputedStyle(el).transform,
    inlineWidth: el.style.width,
  }));
  expect(transitionProperty).not.toContain('width');
  expect(inlineWidth).toBe('');
  expect(transform).toMatch(/^matrix\(/);
});
