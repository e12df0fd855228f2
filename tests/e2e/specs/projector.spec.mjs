// On a projector (issue 16): presenter mode at 1280×720 (and 1920×1080 for the diagram). The
// flow diagram is a compact sequence diagram that fits one screen with the scenario's
// explanation and the answer; a scenario's server settings end with it and are never saved;
// a new token or scenario clears the API answer; Send is busy while in flight; the reveal
// controls say why they are off while presenting. Plus the desk's first screen: Send above
// the fold at 1280×720 without demo mode.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Playground } from './pages/playground.mjs';

const PROJECTOR = { width: 1280, height: 720 };
const FULL_HD = { width: 1920, height: 1080 };

/** What each scenario's answer says once it has played, in the "Answer" beside the diagram. */
const SCENARIOS = [
  { title: 'Happy path', token: /200 OK/, countdown: true, api: '200 OK' },
  { title: 'Wrong secret', token: /401 Unauthorized · invalid_client/, countdown: false },
  { title: 'JSON body mistake', token: /400 Bad Request · invalid_request/, countdown: false },
  { title: 'Missing scope', token: /200 OK/, countdown: true, api: '403 Forbidden' },
  { title: 'Expired token on the API', token: /200 OK/, countdown: true },
  { title: 'Server down / slow', token: /503 Service Unavailable/, countdown: false },
];

/** axe-core's serious and critical violations (WCAG 2.x A/AA), one line each. */
async function axeProblems(page) {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')}`));
}

/** The diagram, the explanation of `title` and the answer all lie in the first screen. */
async function expectOneScreen(app, title) {
  await app.page.evaluate(() => window.scrollTo(0, 0));
  for (const [what, locator] of [
    ['flow diagram', app.flowDiagram],
    ['explanation', app.scenarioExplanation(title)],
    ['answer', app.demoAnswer],
  ]) {
    expect(await app.inFirstScreen(locator), `${what} of "${title}" is in the first screen`).toBe(true);
  }
}

for (const size of [PROJECTOR, FULL_HD]) {
  test(`presenter ${size.width}×${size.height}: every scenario's diagram, explanation and answer fit one screen`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize(size);
    const app = new Playground(page);
    await app.open();
    await app.present();
    for (const s of SCENARIOS) {
      await app.runScenario(s.title);
      await expect(app.demoAnswer).toContainText(s.token, { timeout: 8_000 });
      if (s.countdown) await expect(app.demoAnswer).toContainText(/Expires in \d/);
      if (s.api) await expect(app.demoAnswer).toContainText(`API${s.api}`);
      await expectOneScreen(app, s.title);
    }
    app.expectNoPageErrors();
  });
}

test('presenter 1280×720: the diagram is a sequence of arrows between three lifelines, current step highlighted, in words too', async ({ page }) => {
  await page.setViewportSize(PROJECTOR);
  const app = new Playground(page);
  await app.open();
  await app.present();
  await expect(app.flowSteps.getByRole('listitem')).toHaveCount(7);
  // Each arrow is said in words: who sends to whom (or acts alone).
  await expect(app.flowStep('Send')).toContainText('Client → Authorization server');
  await expect(app.flowStep('Token issued')).toContainText('Authorization server → Client');
  await expect(app.flowStep('Client calls API')).toContainText('Client → Resource server');
  await expect(app.flowStep('API validates token')).toContainText('Resource server → Client');
  await expect(app.flowStep('Server validates credentials')).toContainText('Authorization server, on its own');
  // Horizontal arrows: Send points right, from the client's lifeline to the server's.
  const send = await app.flowStep('Send').locator('.flow__arrow').boundingBox();
  const issue = await app.flowStep('Token issued').locator('.flow__arrow').boundingBox();
  expect(send.width).toBeGreaterThan(send.height * 5);
  expect(Math.abs(send.x - issue.x)).toBeLessThan(2);
  // Compact: the whole list takes less than 60 % of the screen's height.
  expect((await app.flowSteps.boundingBox()).height).toBeLessThan(PROJECTOR.height * 0.6);

  await app.runScenario('Wrong secret');
  await expect(app.flowStep('Server validates credentials')).toHaveAttribute('aria-current', 'step');
  await expect(app.flowSteps.locator('[aria-current]')).toHaveCount(1);
  await app.runScenario('Happy path');
  await expect(app.flowStep('API validates token')).toHaveAttribute('aria-current', 'step');
  for (const colorScheme of ['light', 'dark']) {
    // Reduced motion: no colour transition is under way when axe measures contrast.
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    expect(await axeProblems(page), colorScheme).toEqual([]);
  }
  app.expectNoPageErrors();
});

test('presenter 1280×720: "Server down" settings show a banner, end with Restore, another scenario or closing demo mode, and never survive a reload', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize(PROJECTOR);
  const app = new Playground(page);
  await app.open();
  await app.present();
  await app.runScenario('Server down / slow');
  await expect(app.scenarioBanner).toContainText('fault: 503 with Retry-After');
  await expect(app.scenarioBanner).toContainText('latency 2000 ms');
  await expect(app.demoAnswer).toContainText('503 Service Unavailable', { timeout: 8_000 });
  // A manual send while the scenario is on still answers 503, and the banner says why.
  await app.sendAndExpectStatus('503');
  await expect(app.scenarioBanner).toBeVisible();
  expect(await axeProblems(page)).toEqual([]);

  // A reload starts without it: the saved settings are the ones from before.
  await page.reload();
  await app.expectReady();
  await expect(app.scenarioBanner).toBeHidden();
  await app.sendAndWaitForToken();

  // One click restores the settings from before.
  await app.present();
  await app.runScenario('Server down / slow');
  await expect(app.scenarioBanner).toBeVisible();
  await app.restoreServerSettings();
  await expect(app.scenarioBanner).toBeHidden();
  await expect(page.getByRole('button', { name: 'Server down / slow' })).toHaveAttribute('aria-pressed', 'false');
  await app.sendAndWaitForToken();

  // Another scenario ends it.
  await app.runScenario('Server down / slow');
  await expect(app.scenarioBanner).toBeVisible();
  await app.runScenario('Happy path');
  await expect(app.scenarioBanner).toBeHidden();
  await expect(app.demoAnswer).toContainText('200 OK');

  // Closing demo mode ends it.
  await app.presenterMode.uncheck();
  await app.runScenario('Server down / slow');
  await expect(app.scenarioBanner).toBeVisible();
  await app.openDemo();
  await expect(app.scenarioBanner).toBeHidden();
  await app.sendAndWaitForToken();
  app.expectNoPageErrors();
});

test('presenter 1280×720: the "Expired token" scenario turns renewal off only while it lasts; its 10 s lifetime is not saved', async ({ page }) => {
  await page.setViewportSize(PROJECTOR);
  const app = new Playground(page);
  await app.open();
  await app.present();
  await app.runScenario('Expired token on the API');
  await expect(app.demoAnswer).toContainText(/Expires in 0:(0\d|10)/);
  await expect(app.scenarioBanner).toContainText('token lifetime 10 s');
  await page.reload();
  await app.expectReady();
  await app.openSimulatorSettings();
  await expect(app.tokenLifetime).toHaveValue('3600');
  app.expectNoPageErrors();
});

test('presenter 1280×720: a new scenario or a new token clears the previous API answer', async ({ page }) => {
  await page.setViewportSize(PROJECTOR);
  const app = new Playground(page);
  await app.open();
  await app.present();
  await app.runScenario('Missing scope');
  await expect(app.apiResponse).toContainText('HTTP/1.1 403');
  // Wrong secret never calls the API: no stale 403 is left beside a diagram that says so.
  await app.runScenario('Wrong secret');
  await expect(app.flowStep('Client calls API')).toContainText('Pending');
  await expect(app.apiResponse).toHaveCount(0);
  await expect(app.demoAnswer).toContainText('APINot called');

  await app.runScenario('Happy path');
  await expect(app.apiResponse).toContainText('HTTP/1.1 200');
  await app.send.click();
  await expect(app.attempt(4)).toBeVisible();
  await expect(app.apiResponse).toHaveCount(0);
  app.expectNoPageErrors();
});

test('presenter 1280×720: Send is busy while in flight; Reveal, Show and Alt+R are off with a reason', async ({ page }) => {
  await page.setViewportSize(PROJECTOR);
  const app = new Playground(page);
  await app.open();
  await app.present();
  await app.runScenario('Server down / slow');
  // The 2 s latency makes the busy state visible.
  await expect(app.send).toBeDisabled();
  await expect(app.send).toHaveAttribute('aria-busy', 'true');
  await expect(app.send).toHaveText('Sending…');
  // Ctrl+Enter does not start a second send while one is in flight.
  await page.keyboard.press('Control+Enter');
  await expect(app.send).toBeEnabled({ timeout: 8_000 });
  await expect(page.getByText(/attempt #1 ·/)).toBeVisible();
  await expect(page.getByText(/attempt #2 ·/)).toHaveCount(0);
  await expect(app.send).toHaveAttribute('aria-busy', 'false');
  await expect(app.send).toHaveText('Send to simulated server');

  for (const control of [app.reveal, app.showSecret]) {
    await expect(control).toBeDisabled();
    await expect(control).toHaveAttribute('title', /Hidden in presenter mode/);
  }
  const altR = page.getByRole('list', { name: 'Keyboard shortcuts' }).getByRole('listitem').filter({ hasText: 'Alt+R' });
  await expect(altR).toContainText('off while presenting');
  await expect(altR).toHaveAttribute('title', /Hidden in presenter mode/);
  expect(await axeProblems(page)).toEqual([]);

  await app.presenterMode.uncheck();
  await expect(app.reveal).toBeEnabled();
  await expect(app.showSecret).toBeEnabled();
  app.expectNoPageErrors();
});

test('desk 1280×720, no demo mode: Send is in the first screen and works from there', async ({ page }) => {
  await page.setViewportSize(PROJECTOR);
  const app = new Playground(page);
  await app.open();
  expect(await app.inFirstScreen(app.send)).toBe(true);
  await app.sendAndWaitForToken();
  expect(await app.inFirstScreen(app.send)).toBe(true);
  expect(await axeProblems(page)).toEqual([]);
  app.expectNoPageErrors();
});
